import type { editorEn } from './editor.en.ts';

/** Japanese strings of the provider editor page (issue 11); spread into ja.ts. Terms: docs/glossary.ja.md. */
export const editorJa: Record<keyof typeof editorEn, string> = {
  'nav.menu': 'メニュー',
  'login.showPassword': '入力した文字の表示を切り替え',
  'groups.defaultBadge': '既定',
  'common.close': '閉じる',
  'common.showSecret': '値の表示を切り替え',
  'oidc.editProviderNamed': '認証プロバイダーを編集：{{name}}',
  'oidc.sectionConnection': '接続',
  'oidc.backToProviders': '← 認証プロバイダー',
  'oidc.buttonLabel': 'ボタンの表示名',
  'oidc.buttonLabelHelp':
    'サインインボタンに表示する名前です（任意。空白や日本語も使用できます。例：「社内アカウントで続行」）。空欄の場合は名前（{{name}}）を表示します。',
  'oidc.buttonLabelPlaceholder': '社内アカウント',
  'oidc.clientSecretExpires': 'クライアントシークレットの有効期限',
  'oidc.clientSecretExpiresHelp':
    'Microsoft Entra の［証明書とシークレット］に表示される有効期限です。認証プロバイダーの一覧とダッシュボードで、30日前から警告します。',
  'oidc.issuerTrimmed':
    '入力されたのはメタデータドキュメントのURLでした。発行者は末尾の /.well-known/openid-configuration を除いたアドレスのため、短くしました。',
  'oidc.httpCallbackWarning':
    'コールバックURL {{callback}} は localhost 以外の http のアドレスです。Microsoft Entra はこのリダイレクトURIを受け付けません。https（または http://localhost）でコンソールを開き、そこから保存してください。',
  'oidc.testResult': 'テスト結果',
  'oidc.discardTitle': '変更を破棄しますか？',
  'oidc.discardMessage': 'このページの変更は保存されていません。保存せずに移動しますか？',
  'oidc.discard': '破棄',
  'oidc.saveAfterFailedTestTitle': 'テストが失敗しましたが保存しますか？',
  'oidc.saveAfterFailedTestMessage':
    '直前のテストで問題が見つかりました（上の結果を参照）。この設定ではサインインできない可能性があります。それでも保存しますか？',
  'oidc.saveAnyway': '保存する',
  'oidc.health': '状態',
  'oidc.healthOk': '正常',
  'oidc.enabledYes': '有効',
  'oidc.secretExpired': 'シークレットの期限切れ',
  'oidc.secretExpiresOn': 'シークレットの期限：{{date}}',
  'oidc.errorButtonLabel': '64文字以内で入力してください。',
  'oidc.errorDate': '日付を入力するか、空欄にしてください。',
  'oidc.issuerPlaceholder.entra': 'https://login.microsoftonline.com/<ディレクトリ（テナント）ID>/v2.0',
  'oidc.issuerPlaceholder.okta': 'https://<ドメイン>.okta.com',
  'oidc.issuerPlaceholder.keycloak': 'https://<ホスト>/realms/<レルム>',
  'oidc.issuerPlaceholder.authentik': 'https://<ホスト>/application/o/<スラッグ>/',
  'oidc.issuerPlaceholder.auth0': 'https://<テナント>.auth0.com/',
  'form.required': '「{{field}}」を入力してください。',
};
