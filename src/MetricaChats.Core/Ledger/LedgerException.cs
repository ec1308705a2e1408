using System;

namespace MetricaChats.Core.Ledger;

/// <summary>The ledger cannot be used as asked (wrong file, newer schema, another run holds the counter, a write failed).</summary>
public sealed class LedgerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LedgerException()
    {
    }

    /// <summary>Creates the exception with a message that says what to do.</summary>
    public LedgerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public LedgerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when another run holds the counter (nothing was sent; run again later); false when the ledger itself cannot be used.</summary>
    public bool CounterBusy { get; init; }
}
