/**
 * Slash commands in issue and PR comments (DESIGN §2). Parsing is pure; permission checks and
 * effects live in the handler.
 */
export type DeliveryCommand =
  | { verb: "recheck" }
  | { verb: "waive"; reason: string; until: string | null }
  | { verb: "deployed"; evidence: string }
  | { verb: "help" }
  | { verb: "invalid"; message: string };

/** Free text the gate records (a reason, evidence) is capped: it ends up in every status comment. */
export const MAX_COMMAND_TEXT = 500;

export const COMMAND_USAGE = [
  "`/delivery recheck` — re-evaluate now",
  "`/delivery waive <reason> [--until YYYY-MM-DD]` — waive the gate for this item (needs override permission)",
  "`/delivery deployed <evidence>` — confirm by hand that the change is in production (needs override permission)",
].join("\n");

/**
 * The first line that starts with `/delivery` is the command; everything else in the comment is
 * conversation. Lines inside fenced code blocks are examples, not commands.
 */
export function parseCommand(body: string, today: string): DeliveryCommand | null {
  let fence: string | null = null;
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    const fenceMatch = /^(`{3,}|~{3,})/.exec(line);
    if (fenceMatch) {
      const marker = fenceMatch[1] as string;
      if (fence === null) fence = marker[0] as string;
      else if (marker[0] === fence) fence = null;
      continue;
    }
    if (fence !== null) continue;
    const match = /^\/delivery(?:\s+(\S+))?(?:\s+([\s\S]*))?$/.exec(line);
    if (!match) continue;
    return interpret((match[1] ?? "").toLowerCase(), (match[2] ?? "").trim(), today);
  }
  return null;
}

function interpret(verb: string, rest: string, today: string): DeliveryCommand {
  switch (verb) {
    case "recheck":
      return { verb: "recheck" };
    case "":
    case "help":
      return { verb: "help" };
    case "waive": {
      let until: string | null = null;
      const untilMatch = /(?:^|\s)--until(?:\s+|=)(\S+)/.exec(rest);
      let reason = rest;
      if (untilMatch) {
        const value = untilMatch[1] as string;
        if (!isDate(value)) {
          return {
            verb: "invalid",
            message: `\`--until\` needs a date as YYYY-MM-DD, got \`${value.slice(0, 40)}\`.`,
          };
        }
        if (value < today) {
          return { verb: "invalid", message: `\`--until ${value}\` is in the past.` };
        }
        until = value;
        reason = (
          rest.slice(0, untilMatch.index) + rest.slice(untilMatch.index + untilMatch[0].length)
        ).trim();
      }
      if (!reason)
        return { verb: "invalid", message: "A waiver needs a reason: `/delivery waive <reason>`." };
      if (reason.length > MAX_COMMAND_TEXT) {
        return {
          verb: "invalid",
          message: `The reason is ${reason.length} characters; keep it under ${MAX_COMMAND_TEXT}.`,
        };
      }
      return { verb: "waive", reason: reason.replace(/\s+/g, " "), until };
    }
    case "deployed": {
      if (!rest) {
        return {
          verb: "invalid",
          message: "Say what shows it is deployed: `/delivery deployed <URL or text>`.",
        };
      }
      if (rest.length > MAX_COMMAND_TEXT) {
        return {
          verb: "invalid",
          message: `The evidence is ${rest.length} characters; keep it under ${MAX_COMMAND_TEXT}.`,
        };
      }
      return { verb: "deployed", evidence: rest.replace(/\s+/g, " ") };
    }
    default:
      return { verb: "invalid", message: `Unknown command \`/delivery ${verb.slice(0, 40)}\`.` };
  }
}

function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
