// Live updates of a member's notifications ride on the change notices (lib/realtime/notify.ts):
// each notification adds the topic `notifications:<member id>`. A browser hears only its own
// member's topic, as plain "notifications", and never learns whom else a change notified.

import { topicOf, type LiveTopic } from "@/lib/realtime/topics";

const PREFIX = "notifications:";

/** The change-notice topic for one member's notifications. */
export const memberTopic = topicOf.notifications;

/** The topics a listener signed in as `memberId` hears: others' notification topics dropped, its own as "notifications". */
export function topicsFor(memberId: string | null, topics: readonly LiveTopic[]): LiveTopic[] {
  const heard: LiveTopic[] = [];
  for (const topic of topics) {
    if (!topic.startsWith(PREFIX)) heard.push(topic);
    else if (memberId !== null && topic === memberTopic(memberId) && !heard.includes("notifications")) heard.push("notifications");
  }
  return heard;
}
