using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace MetricaChats.Internal;

/// <summary>
/// What PowerShell will do with a cmdlet's errors, warnings, verbose and debug messages, worked
/// out the way its command runtime does (a common parameter first, then -Debug and -Verbose,
/// then the preference variable), because the runtime does not tell a cmdlet. Send-MetricaChatImport
/// needs to know before writing an error whether that error will end the command, and every
/// cmdlet whether a message may make PowerShell ask "Continue?".
/// </summary>
internal sealed class StreamPreferences
{
    private readonly IDictionary<string, object> _bound;
    private readonly Func<string, object?> _variable;

    /// <summary>Reads the bound common parameters and, through <paramref name="variable"/>, the preference variables.</summary>
    public StreamPreferences(IDictionary<string, object> boundParameters, Func<string, object?> variable)
    {
        _bound = boundParameters ?? throw new ArgumentNullException(nameof(boundParameters));
        _variable = variable ?? throw new ArgumentNullException(nameof(variable));
    }

    /// <summary>What an error written now leads to: <see cref="ActionPreference.Stop"/> ends the command.</summary>
    public ActionPreference Error => Bound("ErrorAction") ?? Variable("ErrorActionPreference", ActionPreference.Continue);

    /// <summary>What a warning written now leads to (-Debug makes PowerShell ask, unless -WarningAction says otherwise).</summary>
    public ActionPreference Warning =>
        Bound("WarningAction") ?? (IsOn("Debug") ? ActionPreference.Inquire : IsOn("Verbose") ? ActionPreference.Continue : Variable("WarningPreference", ActionPreference.Continue));

    /// <summary>What a verbose message written now leads to (-Debug without -Verbose makes PowerShell ask).</summary>
    public ActionPreference Verbose =>
        _bound.ContainsKey("Verbose") ? (IsOn("Verbose") ? ActionPreference.Continue : ActionPreference.SilentlyContinue)
        : IsOn("Debug") ? ActionPreference.Inquire
        : Variable("VerbosePreference", ActionPreference.SilentlyContinue);

    /// <summary>
    /// What a debug message written now leads to. -Debug shows it (PowerShell 7) or asks
    /// (Windows PowerShell 5.1, which maps -Debug to Inquire); without it, $DebugPreference.
    /// </summary>
    public ActionPreference Debug =>
        _bound.ContainsKey("Debug") ? (IsOn("Debug") ? (IsDesktopEdition ? ActionPreference.Inquire : ActionPreference.Continue) : ActionPreference.SilentlyContinue)
        : Variable("DebugPreference", ActionPreference.SilentlyContinue);

    private static bool IsDesktopEdition { get; } = typeof(PSObject).Assembly.GetName().Version?.Major < 4;

    private ActionPreference? Bound(string name) =>
        _bound.TryGetValue(name, out var value) && TryConvert(value, out var preference) ? preference : null;

    private ActionPreference Variable(string name, ActionPreference fallback) =>
        TryConvert(_variable(name), out var preference) ? preference : fallback;

    private bool IsOn(string name) => _bound.TryGetValue(name, out var value) && LanguagePrimitives.IsTrue(value is SwitchParameter s ? s.IsPresent : value);

    private static bool TryConvert(object? value, out ActionPreference preference)
    {
        preference = ActionPreference.Continue;
        value = value is PSObject wrapped ? wrapped.BaseObject : value;
        return value is not null && LanguagePrimitives.TryConvertTo(value, CultureInfo.InvariantCulture, out preference);
    }
}
