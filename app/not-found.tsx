import { MessagePage } from "@/components/ui/message-page";

export default function NotFound() {
  return <MessagePage title="Page not found">Nothing lives at this address.</MessagePage>;
}
