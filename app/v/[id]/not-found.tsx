import { MessagePage } from "@/components/ui/message-page";

export default function ViewNotFound() {
  return (
    <MessagePage title="Saved view not found" testId="view-not-found">
      No saved view has this link. It may have been deleted, or the link was cut short when it was copied.
    </MessagePage>
  );
}
