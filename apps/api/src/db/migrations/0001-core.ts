/** The core tables: tenants, admins, sessions, routers and their API keys, plans. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('empresas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('nombre', 'text', (c) => c.notNull())
    .addColumn('contacto_email', 'text')
    .addColumn('contacto_telefono', 'text')
    .addColumn('activa', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('creada_en', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('conekta_public_key', 'text')
    .addColumn('conekta_private_key_sealed', 'text')
    .addColumn('conekta_mode', 'text')
    .addColumn('mercadopago_public_key', 'text')
    .addColumn('mercadopago_access_token_sealed', 'text')
    .addColumn('mercadopago_mode', 'text')
    .addColumn('mercadopago_webhook_secret_sealed', 'text')
    .execute();

  await db.schema
    .createTable('usuarios')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('nombre', 'text', (c) => c.notNull())
    .addColumn('rol', 'text', (c) => c.notNull().check(sql`rol in ('super_admin', 'cliente_admin')`))
    .addColumn('empresa_id', 'text', (c) => c.references('empresas.id').onDelete('cascade'))
    .addColumn('activo', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('creado_en', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('usuarios_rol_empresa', sql`(rol = 'super_admin') = (empresa_id is null)`)
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('usuario_id', 'integer', (c) => c.notNull().references('usuarios.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('sessions_usuario_id').on('sessions').column('usuario_id').execute();

  await db.schema
    .createTable('routers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('empresa_id', 'text', (c) => c.notNull().references('empresas.id').onDelete('cascade'))
    .addColumn('nombre', 'text', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('puerto', 'integer', (c) => c.notNull())
    .addColumn('usuario', 'text', (c) => c.notNull())
    .addColumn('password_sealed', 'text', (c) => c.notNull())
    .addColumn('ubicacion', 'text')
    .addColumn('activo', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('creado_en', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('tls', 'boolean', (c) => c.notNull())
    .addColumn('tls_mode', 'text', (c) => c.notNull().check(sql`tls_mode in ('verify-cert', 'anonymous-dh')`))
    .addColumn('tls_ca_pem', 'text')
    .execute();
  await db.schema.createIndex('routers_empresa_id').on('routers').column('empresa_id').execute();

  await db.schema
    .createTable('router_api_keys')
    .addColumn('key_id', 'text', (c) => c.primaryKey())
    .addColumn('router_id', 'text', (c) => c.notNull().references('routers.id').onDelete('cascade'))
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('last_used_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('router_api_keys_router_id').on('router_api_keys').column('router_id').execute();

  await db.schema
    .createTable('productos')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('empresa_id', 'text', (c) => c.notNull().references('empresas.id').onDelete('cascade'))
    .addColumn('router_id', 'text', (c) => c.notNull().references('routers.id').onDelete('cascade'))
    .addColumn('perfil_mikrotik_id', 'text')
    .addColumn('perfil_mikrotik_nombre', 'text', (c) => c.notNull())
    .addColumn('nombre_venta', 'text', (c) => c.notNull())
    .addColumn('descripcion', 'text')
    .addColumn('imagen_url', 'text')
    .addColumn('precio_centavos', 'integer', (c) => c.notNull().check(sql`precio_centavos > 0`))
    .addColumn('moneda', 'text', (c) => c.notNull().check(sql`moneda in ('MXN', 'USD', 'EUR')`))
    .addColumn('detalles', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('activo', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('orden_visual', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('destacado', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('creado_en', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('productos_router_id').on('productos').columns(['router_id', 'activo']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['productos', 'router_api_keys', 'routers', 'sessions', 'usuarios', 'empresas']) {
    await db.schema.dropTable(table).execute();
  }
}
