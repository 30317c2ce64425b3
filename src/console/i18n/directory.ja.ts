import type { directoryEn } from './directory.en.ts';

/** Japanese strings of the console's SCIM, IdP logout, roles strings (issue 12); spread into ja.ts. */
export const directoryJa: Record<keyof typeof directoryEn, string> = {
  'scim.title': 'プロビジョニング (SCIM)',
  'scim.help':
    'IdP から DeskGate のアカウントを作成・更新・無効化します。Microsoft Entra では「エンタープライズ アプリケーション」→ このアプリ →「プロビジョニング」で「プロビジョニング モード」を「自動」にし、「管理者資格情報」に次の 2 つの値を貼り付けます。',
  'scim.tenantUrl': 'テナントの URL',
  'scim.secretToken': 'シークレット トークン',
  'scim.shownOnce':
    'シークレット トークンを今コピーしてください。DeskGate はハッシュしか保存せず、再表示できません。新しいトークンを生成すると、このトークンはすぐに使えなくなります。',
  'scim.tokenCreated':
    'シークレット トークンがあります ({{date}} に生成)。置き換えるには新しいトークンを生成します。',
  'scim.noToken': 'シークレット トークンはまだありません。このプロバイダーのプロビジョニングはオフです。',
  'scim.generate': 'シークレット トークンを生成',
  'scim.rotate': '新しいシークレット トークンを生成',
  'scim.revoke': 'シークレット トークンを無効にする',
  'logout.title': 'IdP から開始されるログアウト',
  'logout.frontChannelUrl': 'フロントチャネルのログアウト URL',
  'logout.frontChannelHelp':
    'Microsoft Entra: 「アプリの登録」→ このアプリ →「認証」の「フロントチャネルのログアウト URL」。Microsoft でサインアウトすると DeskGate コンソールのセッションも終了します。',
  'logout.backChannelUrl': 'バックチャネル ログアウト URL',
  'logout.backChannelHelp':
    'Keycloak、Authentik、Okta: クライアントのバックチャネル ログアウト URL (「セッション必須」をオン)。その IdP セッションのコンソール セッションと RustDesk のサインインを終了します。',
} as const;
