import { MessagePage } from "@/components/ui/message-page";

export default function RequestNotFound() {
  return (
    <MessagePage title="Request not found" testId="request-not-found">
      There is no request with this id in the store. It may come from a different database, or the link is mistyped.
    </MessagePage>
  );
}
