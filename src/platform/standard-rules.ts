/**
 * Rules the platform enforces that come from national standards rather than from the measures:
 * cited like pack rules when they refuse something.
 */
export const STANDARD_RULES: Readonly<Record<string, { source: string; text: string }>> = {
  'mlps.separation-of-duties': {
    source: 'GB/T 22239-2019 网络安全等级保护基本要求 8.1.4 (三员分立)',
    text: '应对系统管理员、审计管理员和安全管理员进行身份鉴别，只允许其通过特定的命令或操作界面进行管理操作，并对这些操作进行审计。',
  },
}
