/**
 * The password policy the server applies (src/platform/crypto/password.ts), checked in the form
 * first so that a weak password is refused before it is sent: 10–256 characters, three of four
 * kinds (lowercase, uppercase, digits, others), and not containing a username of 3+ letters.
 */
export function passwordProblems(password: string, username: string, t: (zh: string, en: string) => string): string[] {
  const problems: string[] = []
  const length = [...password].length
  if (length < 10) problems.push(t('至少 10 个字符', 'At least 10 characters'))
  if (length > 256) problems.push(t('不超过 256 个字符', 'At most 256 characters'))
  const kinds = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u].filter((k) => k.test(password)).length
  if (kinds < 3) problems.push(t('须含小写字母、大写字母、数字、符号中的至少三类', 'Use three of: lowercase, uppercase, digits, symbols'))
  const name = username.trim().toLowerCase()
  if (name.length >= 3 && password.toLowerCase().includes(name)) problems.push(t('不得包含用户名', 'Must not contain the username'))
  return problems
}
