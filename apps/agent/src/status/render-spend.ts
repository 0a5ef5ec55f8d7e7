import { formatUsd } from '../costs/render-costs.js';
import type { SenderSpend, SpendStatus } from './spend-status.js';

function against(usd: number, limitUsd: number | null): string {
  return limitUsd === null ? formatUsd(usd) : `${formatUsd(usd)} of ${formatUsd(limitUsd)}`;
}

function line(label: string, spend: Omit<SenderSpend, 'senderId'>): string {
  return `  ${label}: today ${against(spend.dailyUsd, spend.dailyLimitUsd)}, this month ${against(spend.monthlyUsd, spend.monthlyLimitUsd)}`;
}

/** The `Spend` section of `clawft status`: global and per-sender spend against the budgets. */
export function spendLines(spend: SpendStatus): string[] {
  if (!spend.exists) return ['Spend', `  nothing recorded yet (no ${spend.file})`];
  if (spend.error !== undefined)
    return ['Spend', `  cannot read the cost file: ${spend.error.kind}: ${spend.error.message}`];
  return [
    `Spend (${spend.file})`,
    line('all senders', spend.global),
    ...spend.senders.map((sender) => line(`sender ${sender.senderId}`, sender)),
  ];
}
