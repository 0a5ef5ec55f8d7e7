/**
 * Anthropic reports an over-long prompt only as `invalid_request_error` with the message "prompt is too long:
 * N tokens > M maximum"; there is no structured code. This is the one place clawft reads message text, and only
 * for that type (see docs/decisions/0011-anthropic-prompt-too-long.md).
 */
export function isAnthropicPromptTooLong(message: string | undefined): boolean {
  return (
    message !== undefined &&
    /prompt is too long|input length and `max_tokens` exceed context limit/i.test(message)
  );
}
