namespace MetricaChats.Cli.Output;

/// <summary>ANSI colours for a terminal; plain text when colour is off (redirected, or NO_COLOR set).</summary>
internal static class Paint
{
    public static string Red(string text, bool on) => on ? "\u001b[31m" + text + "\u001b[0m" : text;

    public static string Yellow(string text, bool on) => on ? "\u001b[33m" + text + "\u001b[0m" : text;

    public static string Green(string text, bool on) => on ? "\u001b[32m" + text + "\u001b[0m" : text;

    public static string Dim(string text, bool on) => on ? "\u001b[2m" + text + "\u001b[0m" : text;

    public static string Bold(string text, bool on) => on ? "\u001b[1m" + text + "\u001b[0m" : text;

    /// <summary>The "Result: ..." word in the colour of its exit code.</summary>
    public static string Verdict(int code, bool on) => code switch
    {
        ExitCodes.Success => Green(ExitCodes.Verdict(code), on),
        ExitCodes.Partial or ExitCodes.StillProcessing => Yellow(ExitCodes.Verdict(code), on),
        _ => Red(ExitCodes.Verdict(code), on),
    };
}
