import type { errorsEn } from './errors.en.ts';

/** Japanese words for each server error code (issue 11); spread into ja.ts. Terms: docs/glossary.ja.md. */
export const errorsJa: Record<keyof typeof errorsEn, string> = {
  'errors.BAD_REQUEST': 'この内容では受け付けられませんでした。入力内容を確認して、もう一度試してください。',
  'errors.VALIDATION_FAILED':
    '未入力の項目か、形式が正しくない値があります。確認して、もう一度試してください。',
  'errors.PAYLOAD_TOO_LARGE': '送信した内容が上限の1 MiBを超えています。',
  'errors.BODY_TOO_DEEP': '送信した内容の入れ子が深すぎます。',
  'errors.DEVICE_NOT_REGISTERED': 'このデバイスはまだ DeskGate に登録されていません。',
  'errors.AUDIT_RATE_LIMITED':
    'このデバイスからの監査記録が多すぎます。1分ほど待ってから、もう一度試してください。',
  'errors.UNSUPPORTED_MEDIA_TYPE':
    'DeskGate が読み取れない形式で送信されました。ページを再読み込みして、もう一度試してください。',
  'errors.NOT_AUTHENTICATED':
    'サインインしていないか、セッションが終了しました。もう一度サインインしてください。',
  'errors.FORBIDDEN': 'この操作を行う権限がありません。',
  'errors.CSRF_FAILED':
    'この要求は DeskGate のコンソールから送信されたものではありません。ページを再読み込みして、もう一度試してください。',
  'errors.NOT_FOUND': '見つかりませんでした。削除された可能性があります。ページを再読み込みしてください。',
  'errors.CONFLICT': 'その名前または値はすでに使用されています。別のものを選んでください。',
  'errors.INVALID_CREDENTIALS': 'ユーザー名またはパスワードが正しくありません。',
  'errors.INVALID_CREDENTIALS.current-password':
    '現在のパスワードが正しくありません。もう一度入力してください。',
  'errors.TOO_MANY_ATTEMPTS': 'サインインの失敗が多すぎます。しばらく待ってから、もう一度試してください。',
  'errors.USER_DISABLED': 'このアカウントは無効になっています。管理者に有効化を依頼してください。',
  'errors.PASSWORD_LOGIN_DISABLED':
    'ここではパスワードでのサインインは無効です。「で続行」ボタンを使用してください。',
  'errors.WEAK_PASSWORD': 'このパスワードは推測されやすすぎます。',
  'errors.INVALID_CODE':
    'コードが正しくないか、すでに使用されています。認証アプリに表示されている現在のコード、またはバックアップコードを入力してください。',
  'errors.CHALLENGE_EXPIRED':
    'このサインインは期限切れか、すでに完了しています。もう一度サインインしてください。',
  'errors.PROVIDER_ERROR': 'IDプロバイダーに接続できないか、DeskGate が使用できない応答が返されました。',
  'errors.SSO_ORIGIN_MISSING': '［設定］→［OIDC］でこの認証プロバイダーを開き、一度保存してください。',
  'errors.SSO_ORIGIN_MISMATCH':
    'この認証プロバイダーは、保存したときのアドレスでのみ使用できます。そのアドレスで DeskGate を開いてください。',
  'errors.ENTRA_ANY_TENANT_UNACKNOWLEDGED':
    'この発行者では、任意の Microsoft Entra テナントのユーザーがサインインできます。［許可するテナント］にテナントIDを入力するか、「任意の Microsoft Entra テナントのサインインを許可する」をオンにしてください。',
  'errors.INTERNAL': 'サーバーで問題が発生しました。記録されています。もう一度試してください。',
  'errors.LOGOUT_TOKEN_INVALID':
    'IDプロバイダーのログアウトトークンが拒否されました。誰もサインアウトされていません。',
  'errors.LDAP_UNAVAILABLE':
    'ディレクトリ (LDAP) に接続できませんでした。しばらくしてから再試行するか、管理者に［設定］→［LDAP］の確認を依頼してください。',
  'errors.LDAP_NOT_LINKED':
    'このユーザー名の DeskGate アカウントは存在しますが、ディレクトリとリンクされていません。管理者に問い合わせてください。',
  'errors.EMAIL_NOT_CONFIGURED':
    'DeskGate でメールが設定されていません。管理者に［設定］→［メール］での設定を依頼してください。',
  'errors.EMAIL_FAILED':
    'メールを送信できませんでした。しばらくしてから再試行するか、管理者に［設定］→［メール］の確認を依頼してください。',
  'errors.LINK_EXPIRED':
    'このリンクは有効期限が切れているか、すでに使用されています。新しいリンクを依頼してください。',
};
