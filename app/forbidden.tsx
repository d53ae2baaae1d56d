import { MessagePage } from "@/components/ui/message-page";

export default function Forbidden() {
  return (
    <MessagePage title="Not allowed" testId="forbidden">
      Your role or scope does not include this page. An admin can change them in the users file.
    </MessagePage>
  );
}
