using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MetricaChats.Core.Ledger;

/// <summary>Batches and the rows they hold.</summary>
public sealed partial class ImportLedger
{
    private const string BatchColumns = "id, run_id, number, marker, content_sha256, rows, first_row, last_row, bytes, state, upload_id, reconciled, duplicated, intent_at, attempt_ended_at, resolved_at, note";

    /// <summary>
    /// Records a batch's intent and its rows' identities in one transaction, before its request
    /// goes out. Returns the batch id. A key already in the ledger keeps its earlier batch (the
    /// caller has already skipped rows the ledger holds, unless the user asked to send again).
    /// </summary>
    internal long RecordIntent(long runId, LedgerScope scope, BatchIntent intent, IReadOnlyList<RowIdentity> rows)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            using var transaction = _connection.BeginTransaction();
            long batchId;
            using (var command = _connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = @"INSERT INTO batches(run_id, scope_id, number, marker, content_sha256, rows, first_row, last_row, bytes, state, intent_at)
                    VALUES($run, $scope, $number, $marker, $sha, $rows, $first, $last, $bytes, $state, $now); SELECT last_insert_rowid();";
                command.Parameters.AddWithValue("$run", runId);
                command.Parameters.AddWithValue("$scope", scope.Id);
                command.Parameters.AddWithValue("$number", intent.Number);
                command.Parameters.AddWithValue("$marker", intent.Marker);
                command.Parameters.AddWithValue("$sha", intent.ContentSha256);
                command.Parameters.AddWithValue("$rows", intent.Rows);
                command.Parameters.AddWithValue("$first", intent.FirstRow);
                command.Parameters.AddWithValue("$last", intent.LastRow);
                command.Parameters.AddWithValue("$bytes", intent.Bytes);
                command.Parameters.AddWithValue("$state", (int)LedgerBatchState.Intent);
                command.Parameters.AddWithValue("$now", ToUnixMs(Now));
                batchId = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            }

            InsertRows(transaction, scope, batchId, rows);
            transaction.Commit();
            return batchId;
        }
    }

    /// <summary>Adds the keys of rows found already sent that the ledger did not know yet (a phone added later), pointing at the batch that sent them.</summary>
    internal void AddKeys(LedgerScope scope, long batchId, RowIdentity row)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            using var transaction = _connection.BeginTransaction();
            InsertRows(transaction, scope, batchId, new[] { row });
            transaction.Commit();
        }
    }

    /// <summary>The batch is in Metrica.</summary>
    internal void MarkSent(long batchId, long uploadId, bool reconciled, string? note = null) =>
        Update(batchId, "state=$state, upload_id=$upload, reconciled=$reconciled, resolved_at=$now, note=coalesce($note, note)", c =>
        {
            c.Parameters.AddWithValue("$state", (int)LedgerBatchState.Sent);
            c.Parameters.AddWithValue("$upload", uploadId);
            c.Parameters.AddWithValue("$reconciled", reconciled ? 1 : 0);
            c.Parameters.AddWithValue("$note", (object?)note ?? DBNull.Value);
        });

    /// <summary>An attempt of the batch's request ended (answered or failed): its request can no longer be alive on our side.</summary>
    internal void MarkAttemptEnded(long batchId) =>
        Update(batchId, "attempt_ended_at=$now", _ => { });

    /// <summary>The batch's fate could not be settled; its rows stay held.</summary>
    internal void MarkUnknown(long batchId, string note) =>
        Update(batchId, "state=$state, note=$note", c =>
        {
            c.Parameters.AddWithValue("$state", (int)LedgerBatchState.Unknown);
            c.Parameters.AddWithValue("$note", note);
        });

    /// <summary>More than one upload carries the batch's marker.</summary>
    internal void MarkDuplicated(long batchId, string note) =>
        Update(batchId, "duplicated=1, note=$note", c => c.Parameters.AddWithValue("$note", note));

    /// <summary>The batch is not in Metrica (proven absent, or cleanly refused): its rows are released so they may go again.</summary>
    internal void Release(long batchId, LedgerBatchState state, string note)
    {
        if (state is not (LedgerBatchState.Absent or LedgerBatchState.Refused))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "Only an absent or refused batch releases its rows.");
        }

        lock (_gate)
        {
            ThrowIfDisposed();
            using var transaction = _connection.BeginTransaction();
            using (var delete = _connection.CreateCommand())
            {
                delete.Transaction = transaction;
                delete.CommandText = "DELETE FROM rows WHERE batch_id=$id";
                delete.Parameters.AddWithValue("$id", batchId);
                delete.ExecuteNonQuery();
            }

            using (var update = _connection.CreateCommand())
            {
                update.Transaction = transaction;
                update.CommandText = "UPDATE batches SET state=$state, resolved_at=$now, note=$note WHERE id=$id";
                update.Parameters.AddWithValue("$state", (int)state);
                update.Parameters.AddWithValue("$now", ToUnixMs(Now));
                update.Parameters.AddWithValue("$note", note);
                update.Parameters.AddWithValue("$id", batchId);
                update.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    /// <summary>Batches of a counter and kind whose fate is not settled (intent or unknown), oldest first, with the time their run was last alive.</summary>
    internal IReadOnlyList<(LedgerBatch Batch, DateTimeOffset RunAliveAt)> OpenBatches(LedgerScope scope)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT " + Prefixed("b.", BatchColumns) + ", r.alive_at FROM batches b JOIN runs r ON r.id=b.run_id WHERE b.scope_id=$scope AND b.state IN ($intent, $unknown) ORDER BY b.id";
            command.Parameters.AddWithValue("$scope", scope.Id);
            command.Parameters.AddWithValue("$intent", (int)LedgerBatchState.Intent);
            command.Parameters.AddWithValue("$unknown", (int)LedgerBatchState.Unknown);
            var list = new List<(LedgerBatch, DateTimeOffset)>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                list.Add((ReadBatch(reader), FromUnixMs(reader.GetInt64(17))));
            }

            return list;
        }
    }

    /// <summary>Every batch of a run, in order.</summary>
    internal IReadOnlyList<LedgerBatch> RunBatches(long runId)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            return ReadBatches("run_id=$value", runId);
        }
    }

    /// <summary>A batch by id, or null.</summary>
    internal LedgerBatch? GetBatch(long batchId)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            var list = ReadBatches("id=$value", batchId);
            return list.Count == 0 ? null : list[0];
        }
    }

    /// <summary>The ledger's record of a row: the first of its keys found, with the batch that holds it; null when none is known.</summary>
    internal LedgerMatch? FindRow(LedgerScope scope, RowIdentity row)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            using var command = _connection.CreateCommand();
            command.CommandText = @"SELECT r.batch_id, b.run_id, b.state, b.upload_id, r.fields, b.intent_at FROM rows r JOIN batches b ON b.id=r.batch_id
                WHERE r.scope_id=$scope AND r.key=$key";
            command.Parameters.AddWithValue("$scope", scope.Id);
            var key = command.Parameters.Add("$key", SqliteType.Blob);
            foreach (var k in row.Keys)
            {
                key.Value = k;
                using var reader = command.ExecuteReader();
                if (reader.Read())
                {
                    return new LedgerMatch(
                        reader.GetInt64(0),
                        reader.GetInt64(1),
                        (LedgerBatchState)reader.GetInt32(2),
                        reader.IsDBNull(3) ? null : reader.GetInt64(3),
                        reader.IsDBNull(4) ? null : (byte[])reader.GetValue(4),
                        FromUnixMs(reader.GetInt64(5)));
                }
            }

            return null;
        }
    }

    /// <summary>The latest row time the ledger holds for a counter (Unix seconds), or null when it holds none.</summary>
    internal long? LatestRowTime(LedgerScope scope)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT max(time) FROM rows WHERE scope_id=$scope";
            command.Parameters.AddWithValue("$scope", scope.Id);
            var value = command.ExecuteScalar();
            return value is null or DBNull ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }
    }

    private void InsertRows(SqliteTransaction transaction, LedgerScope scope, long batchId, IReadOnlyList<RowIdentity> rows)
    {
        using var insert = _connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT OR IGNORE INTO rows(scope_id, key, batch_id, fields, time) VALUES($scope, $key, $batch, $fields, $time)";
        insert.Parameters.AddWithValue("$scope", scope.Id);
        insert.Parameters.AddWithValue("$batch", batchId);
        var key = insert.Parameters.Add("$key", SqliteType.Blob);
        var fields = insert.Parameters.Add("$fields", SqliteType.Blob);
        var time = insert.Parameters.Add("$time", SqliteType.Integer);
        insert.Prepare();
        foreach (var row in rows)
        {
            fields.Value = row.FieldHashes;
            time.Value = row.Time;
            foreach (var k in row.Keys)
            {
                key.Value = k;
                insert.ExecuteNonQuery();
            }
        }
    }

    private void Update(long batchId, string set, Action<SqliteCommand> bind)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            using var command = _connection.CreateCommand();
            command.CommandText = "UPDATE batches SET " + set + " WHERE id=$id";
            command.Parameters.AddWithValue("$id", batchId);
            command.Parameters.AddWithValue("$now", ToUnixMs(Now));
            bind(command);
            command.ExecuteNonQuery();
        }
    }

    private List<LedgerBatch> ReadBatches(string where, long value)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT " + BatchColumns + " FROM batches WHERE " + where + " ORDER BY id";
        command.Parameters.AddWithValue("$value", value);
        var list = new List<LedgerBatch>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            list.Add(ReadBatch(reader));
        }

        return list;
    }

    private static LedgerBatch ReadBatch(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        RunId = r.GetInt64(1),
        Number = r.GetInt32(2),
        Marker = r.GetString(3),
        ContentSha256 = r.GetString(4),
        Rows = r.GetInt32(5),
        FirstRow = r.GetInt64(6),
        LastRow = r.GetInt64(7),
        Bytes = r.GetInt64(8),
        State = (LedgerBatchState)r.GetInt32(9),
        UploadId = r.IsDBNull(10) ? null : r.GetInt64(10),
        Reconciled = r.GetInt32(11) != 0,
        Duplicated = r.GetInt32(12) != 0,
        IntentAt = FromUnixMs(r.GetInt64(13)),
        AttemptEndedAt = r.IsDBNull(14) ? null : FromUnixMs(r.GetInt64(14)),
        ResolvedAt = r.IsDBNull(15) ? null : FromUnixMs(r.GetInt64(15)),
        Note = r.IsDBNull(16) ? null : r.GetString(16),
    };

    private static string Prefixed(string prefix, string columns) =>
        prefix + columns.Replace(", ", ", " + prefix);
}
