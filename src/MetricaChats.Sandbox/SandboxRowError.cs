namespace MetricaChats.Sandbox;

/// <summary>A data row the sandbox rejected, as Metrica would (it lowers <c>line_quantity</c>).</summary>
/// <param name="RowNumber">1-based index among the data rows (the header is not counted).</param>
/// <param name="LineNumber">1-based line of the file where the row starts (the header is line 1).</param>
/// <param name="Column">The first failing column, as spelt in the header (or empty for a field-count problem).</param>
/// <param name="Value">The offending value (cut to its first 200 characters, with its length, when longer).</param>
/// <param name="Message">What is wrong; further failing fields of the row are named here too.</param>
public sealed record SandboxRowError(int RowNumber, int LineNumber, string Column, string Value, string Message);
