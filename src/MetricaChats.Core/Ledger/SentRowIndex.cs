using System;
using System.Collections.Generic;

namespace MetricaChats.Core.Ledger;

/// <summary>
/// Answers "has this row's conversion already gone, or is it going in this run?" cheaply: a row
/// newer than anything the ledger held when the run started, and whose keys this run has not
/// added yet, cannot be in the ledger, so only the others are looked up. Rows of this run are
/// tracked by a Bloom filter (fixed 16 MiB, about 0.2% false positives at ten million rows,
/// each costing one look-up, never a wrong answer) and, for the batch being built, an exact set.
/// </summary>
internal sealed class SentRowIndex
{
    private const int FilterBits = 1 << 27;
    private const int HashCount = 7;

    private readonly ImportLedger _ledger;
    private readonly LedgerScope _scope;
    private readonly long? _latestAtStart;
    private readonly ulong[] _filter = new ulong[FilterBits / 64];
    private readonly Dictionary<Key, long> _building = new();

    public SentRowIndex(ImportLedger ledger, LedgerScope scope)
    {
        _ledger = ledger;
        _scope = scope;
        _latestAtStart = ledger.LatestRowTime(scope);
    }

    /// <summary>Look-ups made in the ledger (for tests and figures).</summary>
    public long LedgerLookups { get; private set; }

    /// <summary>
    /// Where the row stands: null when it is new; otherwise the ledger's record of it, or, for a
    /// repeat of a row in the batch being built, a match with <see cref="LedgerMatch.BatchId"/> 0
    /// and the earlier row's number in <paramref name="repeatOfRow"/>.
    /// </summary>
    public LedgerMatch? Check(RowIdentity row, out long repeatOfRow)
    {
        repeatOfRow = 0;
        var mightBeThisRun = false;
        foreach (var k in row.Keys)
        {
            var key = new Key(k);
            if (_building.TryGetValue(key, out var earlierRow))
            {
                repeatOfRow = earlierRow;
                return new LedgerMatch(0, 0, LedgerBatchState.Intent, null, null, default);
            }

            mightBeThisRun |= MightContain(key);
        }

        if (!mightBeThisRun && (_latestAtStart is null || row.Time > _latestAtStart.Value))
        {
            return null;
        }

        LedgerLookups++;
        return _ledger.FindRow(_scope, row);
    }

    /// <summary>Adds a row to the batch being built.</summary>
    public void Add(RowIdentity row, long rowNumber)
    {
        foreach (var k in row.Keys)
        {
            var key = new Key(k);
            _building[key] = rowNumber;
            Set(key);
        }
    }

    /// <summary>These rows have been recorded in the ledger (or dropped): from now on they are found there, not in the batch being built.</summary>
    public void BatchRecorded(IReadOnlyList<RowIdentity> rows)
    {
        if (rows.Count == 0)
        {
            _building.Clear();
            return;
        }

        foreach (var row in rows)
        {
            foreach (var k in row.Keys)
            {
                _building.Remove(new Key(k));
            }
        }
    }

    private bool MightContain(Key key)
    {
        for (var i = 0; i < HashCount; i++)
        {
            var bit = Bit(key, i);
            if ((_filter[bit >> 6] & (1UL << (int)(bit & 63))) == 0)
            {
                return false;
            }
        }

        return true;
    }

    private void Set(Key key)
    {
        for (var i = 0; i < HashCount; i++)
        {
            var bit = Bit(key, i);
            _filter[bit >> 6] |= 1UL << (int)(bit & 63);
        }
    }

    // Double hashing over the key's two halves (already uniformly distributed: SHA-256 bytes).
    private static uint Bit(Key key, int i) => (uint)((key.High + ((ulong)i * (key.Low | 1))) % FilterBits);

    private readonly struct Key : IEquatable<Key>
    {
        public Key(byte[] bytes)
        {
            High = Read(bytes, 0);
            Low = Read(bytes, 8);
        }

        public ulong High { get; }

        public ulong Low { get; }

        public bool Equals(Key other) => High == other.High && Low == other.Low;

        public override bool Equals(object? obj) => obj is Key other && Equals(other);

        public override int GetHashCode() => unchecked((int)Low ^ (int)(Low >> 32) ^ (int)High);

        private static ulong Read(byte[] bytes, int offset)
        {
            ulong value = 0;
            for (var i = 0; i < 8; i++)
            {
                value = (value << 8) | bytes[offset + i];
            }

            return value;
        }
    }
}
