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
  'roles.title': 'ロール',
  'roles.tab': 'ロール',
  'roles.intro':
    'ロールは、コンソールの各領域で保持者が何を閲覧・変更できるかを定めます。ユーザーが持てるロールは1つです。ロールがないユーザーは自分のもの（自分のアドレス帳、パスワード、2段階認証）だけを使えます。',
  'roles.new': '新しいロール',
  'roles.edit': 'ロールを編集',
  'roles.name': '名前',
  'roles.users': 'ユーザー',
  'roles.builtIn': '組み込み',
  'roles.permissions': 'アクセス許可',
  'roles.area': '領域',
  'roles.role': 'ロール',
  'roles.noRole': 'ロールなし（自分のもののみ）',
  'roles.navAccount': 'マイアカウント',
  'roles.level.none': 'なし',
  'roles.level.read': '閲覧',
  'roles.level.manage': '管理',
  'roles.area.users': 'ユーザー',
  'roles.area.groups': 'グループ',
  'roles.area.devices': 'デバイス',
  'roles.area.device-groups': 'デバイスグループ',
  'roles.area.address-books': 'アドレス帳',
  'roles.area.strategies': 'ストラテジー',
  'roles.area.audit': '監査ログ',
  'roles.area.settings': '設定',
  'roles.area.api-tokens': 'APIトークン',
  'roles.builtin.administrator': '管理者',
  'roles.builtin.helpdesk': 'ヘルプデスク',
  'roles.builtin.auditor': '監査担当者',
  'roles.builtInHelp': '組み込みロールは変更・削除できません。代わりに独自のロールを作成してください。',
  'roles.readOnly': 'このページは閲覧のみ可能で、変更はできません。',
  'roles.mapping': 'グループ → ロール',
  'roles.mappingHelp':
    'IdP のグループ（groups クレームで送られる名前）のメンバーには、サインインのたびにこのロールが付与されます。最初に一致した行が優先されます。上の管理者グループは引き続き管理者を意味し、最優先です。',
  'roles.idpGroup': 'IdPのグループ',
  'roles.addMapping': 'グループ → ロールを追加',
  'roles.removeMapping': 'グループ → ロールを削除',
} as const;
