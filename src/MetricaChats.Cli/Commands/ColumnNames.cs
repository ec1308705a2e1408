using MetricaChats.Core.Chats;

namespace MetricaChats.Cli.Commands;

/// <summary>Input column names, always from the engine's one table (<see cref="ChatFieldAliases"/>).</summary>
internal static class ColumnNames
{
    /// <summary>The canonical input column name of a field (what the rejects file and --json use).</summary>
    public static string Input(ChatField field) => ChatFieldAliases.NamesOf(field)[0];
}
