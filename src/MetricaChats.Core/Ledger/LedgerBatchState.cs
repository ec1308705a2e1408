namespace MetricaChats.Core.Ledger;

/// <summary>Where a batch stands in the ledger.</summary>
public enum LedgerBatchState
{
    /// <summary>Recorded before its request went out; its fate is not settled yet (a run in progress, or one that was killed).</summary>
    Intent = 0,

    /// <summary>Metrica holds it (confirmed by the upload's answer, or found by its marker).</summary>
    Sent = 1,

    /// <summary>Proven absent: not among the uploads after the grace period; its rows may go again.</summary>
    Absent = 2,

    /// <summary>Refused by Metrica with a clear answer (nothing was stored); its rows may go again.</summary>
    Refused = 3,

    /// <summary>Its fate could not be settled (the look-up failed); its rows are held until a later run settles it.</summary>
    Unknown = 4,
}
