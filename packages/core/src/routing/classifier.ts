import { type ChatRequest, contentText, type TaskProfile } from '@clawft/types';
import { estimateRequestTokens } from './token-estimate.js';

type TaskType = TaskProfile['taskType'];

/** Turns a request into a `TaskProfile`. Deterministic: the same request always gives the same profile. */
export interface Classifier {
  classify(request: Pick<ChatRequest, 'messages' | 'tools'>): TaskProfile;
}

/** Keywords that mark each task type; a word may count for only one type. */
const TASK_KEYWORDS: Readonly<Record<Exclude<TaskType, 'chat' | 'tool-use'>, readonly string[]>> = {
  code: [
    'code',
    'function',
    'bug',
    'debug',
    'compile',
    'typescript',
    'python',
    'refactor',
    'stack',
    'regex',
    'api',
  ],
  analysis: ['analyze', 'analyse', 'compare', 'evaluate', 'explain', 'why', 'tradeoffs', 'trade', 'review'],
  creative: ['story', 'poem', 'write', 'creative', 'imagine', 'lyrics', 'fiction', 'slogan'],
  research: ['research', 'sources', 'cite', 'survey', 'literature', 'papers', 'evidence', 'history'],
};

/** Words that make any task harder, with their weight on complexity. */
const HARD_WORDS: ReadonlyMap<string, number> = new Map([
  ['prove', 0.25],
  ['proof', 0.25],
  ['architecture', 0.2],
  ['design', 0.15],
  ['optimize', 0.15],
  ['optimise', 0.15],
  ['concurrency', 0.2],
  ['distributed', 0.2],
  ['algorithm', 0.15],
  ['tradeoffs', 0.15],
  ['step', 0.05],
  ['detailed', 0.1],
  ['comprehensive', 0.15],
  ['security', 0.15],
]);

const KEYWORD_TYPE: ReadonlyMap<string, TaskType> = new Map(
  Object.entries(TASK_KEYWORDS).flatMap(([type, words]) =>
    words.map((word) => [word, type as TaskType] as const),
  ),
);

/** Longest prefix of the latest user message scanned for keywords, in characters (keeps classify O(1)). */
const MAX_SCAN_CHARS = 4_000;
const WORD = /[a-z]+/g;

/**
 * A keyword and size based classifier: complexity grows with the input's length, code blocks, tools, conversation
 * depth and "hard" words; the task type is the one whose keywords appear most; confidence is how clearly one type
 * won. Runs in microseconds.
 *
 * @example
 * const profile = createClassifier().classify({ messages: [{ role: 'user', content: 'Fix this bug' }], tools: [] });
 */
export function createClassifier(): Classifier {
  return { classify };
}

function classify(request: Pick<ChatRequest, 'messages' | 'tools'>): TaskProfile {
  const text = latestUserText(request).slice(0, MAX_SCAN_CHARS).toLowerCase();
  const counts = new Map<TaskType, number>();
  const keywords: string[] = [];
  let hardness = 0;
  for (const [word] of text.matchAll(WORD)) {
    const type = KEYWORD_TYPE.get(word);
    const weight = HARD_WORDS.get(word);
    if (type !== undefined) counts.set(type, (counts.get(type) ?? 0) + 1);
    if (weight !== undefined) hardness += weight;
    if ((type !== undefined || weight !== undefined) && !keywords.includes(word)) keywords.push(word);
  }
  const requiresTools = request.tools.length > 0;
  const estimatedInputTokens = estimateRequestTokens(request);
  const { taskType, confidence } = pickType(counts, requiresTools);
  const complexity = clamp01(
    hardness +
      Math.min(0.35, Math.log10(1 + estimatedInputTokens) / 12) +
      (text.includes('```') ? 0.15 : 0) +
      (requiresTools ? 0.1 : 0) +
      Math.min(0.1, request.messages.length / 200) +
      (taskType === 'code' || taskType === 'analysis' || taskType === 'research' ? 0.1 : 0),
  );
  return { complexity, taskType, keywords, estimatedInputTokens, requiresTools, confidence };
}

function pickType(
  counts: ReadonlyMap<TaskType, number>,
  requiresTools: boolean,
): Pick<TaskProfile, 'taskType' | 'confidence'> {
  let best: TaskType = requiresTools ? 'tool-use' : 'chat';
  let bestCount = 0;
  let total = 0;
  for (const [type, count] of counts) {
    total += count;
    if (count > bestCount) {
      best = type;
      bestCount = count;
    }
  }
  // No keyword at all: a plain chat (or tool use), which we are only moderately sure of.
  if (total === 0) return { taskType: best, confidence: requiresTools ? 0.7 : 0.6 };
  const share = bestCount / total;
  return { taskType: best, confidence: clamp01(0.3 + 0.5 * share + Math.min(0.2, bestCount * 0.05)) };
}

function latestUserText(request: Pick<ChatRequest, 'messages'>): string {
  for (let index = request.messages.length - 1; index >= 0; index -= 1) {
    const message = request.messages[index];
    if (message?.role === 'user') return contentText(message.content);
  }
  return '';
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
