namespace MetricaChats.Internal;

/// <summary>What a mutating cmdlet does about confirmation.</summary>
internal enum ConfirmDecision
{
    /// <summary>Ask PowerShell's <c>ShouldProcess</c> (which honours -WhatIf, -Confirm and $ConfirmPreference).</summary>
    AskShouldProcess,

    /// <summary>-Force without -Confirm or -WhatIf: go ahead without prompting.</summary>
    Proceed,
}

/// <summary>
/// The -Force rule shared by the mutating cmdlets: -Force skips the confirmation prompt that
/// <c>ConfirmImpact</c> would raise, but never -WhatIf (nothing is changed) and never an
/// explicit -Confirm (the user asked to be asked).
/// </summary>
internal static class ConfirmPolicy
{
    /// <summary>Decides for one action.</summary>
    public static ConfirmDecision Decide(bool force, bool confirmRequested, bool whatIf) =>
        force && !confirmRequested && !whatIf ? ConfirmDecision.Proceed : ConfirmDecision.AskShouldProcess;
}
