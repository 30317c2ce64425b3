import type { Kysely } from 'kysely';

// Frozen in time: written against Kysely<any>, importing no application code.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('address_books')
    // The `guid` the RustDesk client sends back in /api/ab/* paths.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // = owner_id for a user's personal book, null for shared ones: one personal book per user,
    // created race-free by two instances at once (unique, and NULLs never collide).
    .addColumn('personal_of', 'text', (c) => c.unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    // Bumped by every write; the bump is also the row lock that serializes writers of one book.
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('address_books_owner_id').on('address_books').column('owner_id').execute();

  await db.schema
    .createTable('address_book_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('book_id', 'text', (c) => c.notNull().references('address_books.id').onDelete('cascade'))
    // Exactly one of user_id / group_id is set.
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.references('groups.id').onDelete('cascade'))
    // 1 read, 2 read/write, 3 full control (the client's ShareRule numbers).
    .addColumn('rule', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('address_book_rules_book_user', ['book_id', 'user_id'])
    .addUniqueConstraint('address_book_rules_book_group', ['book_id', 'group_id'])
    .execute();
  await db.schema
    .createIndex('address_book_rules_user_id')
    .on('address_book_rules')
    .column('user_id')
    .execute();
  await db.schema
    .createIndex('address_book_rules_group_id')
    .on('address_book_rules')
    .column('group_id')
    .execute();

  await db.schema
    .createTable('address_book_peers')
    .addColumn('book_id', 'text', (c) => c.notNull().references('address_books.id').onDelete('cascade'))
    .addColumn('peer_id', 'text', (c) => c.notNull())
    .addColumn('alias', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    // JSON array of tag names.
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('username', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('hostname', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('platform', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('force_always_relay', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rdp_port', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('rdp_username', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('login_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('device_group_name', 'text', (c) => c.notNull().defaultTo(''))
    // null = unknown, else 0/1.
    .addColumn('same_server', 'integer')
    // AES-256-GCM under the instance key: the personal book's password hash, the shared book's password.
    .addColumn('hash_sealed', 'text')
    .addColumn('password_sealed', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('address_book_peers_pk', ['book_id', 'peer_id'])
    .execute();

  await db.schema
    .createTable('address_book_tags')
    .addColumn('book_id', 'text', (c) => c.notNull().references('address_books.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // Flutter ARGB, up to 0xFFFFFFFF: larger than a 32-bit integer.
    .addColumn('color', 'bigint', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('address_book_tags_pk', ['book_id', 'name'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['address_book_tags', 'address_book_peers', 'address_book_rules', 'address_books']) {
    await db.schema.dropTable(table).execute();
  }
}
