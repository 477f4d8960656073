/**
 * The SQL safety rules (and migration-concurrently), registered with one line in ../index.ts.
 * They share one parse of the linted migrations per run (src/sql/analysis.ts).
 */
import type { Rule } from '../types.js';
import migrationConcurrently from './migration-concurrently.js';
import sqlAddCheckConstraint from './sql-add-check-constraint.js';
import sqlAddColumnNotNull from './sql-add-column-not-null.js';
import sqlAddForeignKey from './sql-add-foreign-key.js';
import sqlAddUniqueConstraint from './sql-add-unique-constraint.js';
import sqlCharType from './sql-char-type.js';
import sqlCluster from './sql-cluster.js';
import sqlColumnTypeChange from './sql-column-type-change.js';
import sqlCreateIndex from './sql-create-index.js';
import sqlDetachPartition from './sql-detach-partition.js';
import sqlDomainConstraint from './sql-domain-constraint.js';
import sqlDropColumn from './sql-drop-column.js';
import sqlDropDatabase from './sql-drop-database.js';
import sqlDropIndex from './sql-drop-index.js';
import sqlDropNotNull from './sql-drop-not-null.js';
import sqlDropSchema from './sql-drop-schema.js';
import sqlDropTable from './sql-drop-table.js';
import sqlDuplicateColumn from './sql-duplicate-column.js';
import sqlIdentifierTooLong from './sql-identifier-too-long.js';
import sqlPreferBigint from './sql-prefer-bigint.js';
import sqlPreferIdentity from './sql-prefer-identity.js';
import sqlPreferText from './sql-prefer-text.js';
import sqlPreferTimestamptz from './sql-prefer-timestamptz.js';
import sqlReindex from './sql-reindex.js';
import sqlRenameColumn from './sql-rename-column.js';
import sqlRenameTable from './sql-rename-table.js';
import sqlRequireTimeouts from './sql-require-timeouts.js';
import sqlSetNotNull from './sql-set-not-null.js';
import sqlSuppression from './sql-suppression.js';
import sqlSyntax from './sql-syntax.js';
import sqlTransactionControl from './sql-transaction-control.js';
import sqlTruncateCascade from './sql-truncate-cascade.js';
import sqlVolatileDefault from './sql-volatile-default.js';

export const sqlRules: readonly Rule[] = [
  migrationConcurrently,
  sqlSyntax,
  sqlDropTable,
  sqlDropColumn,
  sqlDropSchema,
  sqlDropDatabase,
  sqlRenameTable,
  sqlRenameColumn,
  sqlColumnTypeChange,
  sqlSetNotNull,
  sqlAddColumnNotNull,
  sqlVolatileDefault,
  sqlAddForeignKey,
  sqlAddCheckConstraint,
  sqlAddUniqueConstraint,
  sqlCreateIndex,
  sqlDropIndex,
  sqlReindex,
  sqlDetachPartition,
  sqlCluster,
  sqlTruncateCascade,
  sqlDropNotNull,
  sqlTransactionControl,
  sqlDuplicateColumn,
  sqlIdentifierTooLong,
  sqlDomainConstraint,
  sqlPreferIdentity,
  sqlPreferTimestamptz,
  sqlCharType,
  sqlPreferText,
  sqlPreferBigint,
  sqlRequireTimeouts,
  sqlSuppression,
];
