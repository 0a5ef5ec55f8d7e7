import { join } from 'node:path';

/** One file `clawft init` writes: its path relative to the target directory, and its text. */
export interface StarterFile {
  path: string;
  text: string;
}

/**
 * The starter config for a workspace at `workspace` (absolute, so the config works from any directory). JSON has
 * no comments and the loader warns about unknown keys, so the explanations live in `clawft.example.md` beside it.
 */
export function starterConfig(workspace: string): Record<string, unknown> {
  return {
    agents: { defaults: { workspace, model: 'anthropic/claude-sonnet-4-5', maxTokens: 8192 } },
    providers: { anthropic: {}, openai: {} },
    failover: { enabled: true, targets: ['openai/gpt-4o-mini'] },
    routing: { costBudgets: { perSenderDailyLimitUsd: 2, onExceeded: 'refuse' } },
    tools: { restrictToWorkspace: true, mcpServers: {} },
  };
}

const NOTES = `# clawft.json, explained

\`clawft init\` wrote \`clawft.json\` beside this file. JSON has no comments, so here is what each part does.
Every key, its type and default: docs/configuration.md in the clawft repository.

- \`agents.defaults.workspace\`: the directory the agent works in (sessions, \`costs.json\`, SOUL.md, AGENTS.md,
  USER.md). File tools and \`exec\` stay inside it while \`tools.restrictToWorkspace\` is true.
- \`agents.defaults.model\`: \`provider/model\` used for each turn; \`maxTokens\` caps one reply.
- \`providers\`: one entry per provider slot. Keys come from the environment (\`ANTHROPIC_API_KEY\`,
  \`OPENAI_API_KEY\`); prefer that to writing \`apiKey\` here. With no key set, \`clawft agent\` runs on the built-in
  offline model.
- \`failover.targets\`: tried in order when the primary model fails (mid-stream too: the partial answer is reset).
- \`routing.costBudgets\`: \`perSenderDailyLimitUsd\` caps each sender's spend per day; \`onExceeded: "refuse"\`
  refuses the turn instead of moving to a cheaper model. \`clawft costs\` shows the spend.
- \`tools.mcpServers\`: MCP servers whose tools the agent gets, e.g.
  \`"everything": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-everything"] }\`;
  \`clawft mcp list\` starts them and lists their tools.

Check the file with \`clawft status\` (it prints any warning) and take the tour with \`clawft demo\`.
`;

const SOUL = `# SOUL

Who the agent is: its voice, its values, what it will not do. Loaded into every turn's system prompt.

- Be direct and accurate; say when you are unsure.
- Prefer small, reversible steps; ask before anything destructive.
`;

const AGENTS = `# AGENTS

How the agent works in this workspace: conventions, commands, where things are.

- Notes go in \`notes/\`, one file per topic.
- Run tests before saying a change is done.
`;

const USER = `# USER

About the person the agent works for: name, time zone, preferences.

- Name:
- Time zone:
- Prefers: short answers, with the commands to run.
`;

/**
 * Everything `clawft init` writes under `dir`: the config, its notes, and the workspace templates.
 *
 * @example
 * starterFiles('/home/me/project') // clawft.json, clawft.example.md, workspace/SOUL.md, …
 */
export function starterFiles(dir: string): StarterFile[] {
  const workspace = join(dir, 'workspace');
  return [
    { path: 'clawft.json', text: `${JSON.stringify(starterConfig(workspace), null, 2)}\n` },
    { path: 'clawft.example.md', text: NOTES },
    { path: join('workspace', 'SOUL.md'), text: SOUL },
    { path: join('workspace', 'AGENTS.md'), text: AGENTS },
    { path: join('workspace', 'USER.md'), text: USER },
  ];
}
