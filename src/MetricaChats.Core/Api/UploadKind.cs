using System;

namespace MetricaChats.Core.Api;

/// <summary>
/// An upload kind: its name in Metrica's uploads list (<c>type=</c>) and its endpoints, in one
/// place (the paths themselves are in the client's path table).
/// </summary>
public sealed class UploadKind : IEquatable<UploadKind>
{
    /// <summary>Chat conversions (<c>offline_conversions/upload?type=CHATS</c>).</summary>
    public static readonly UploadKind Chats = new("CHATS");

    private UploadKind(string name)
    {
        Name = name;
    }

    /// <summary>The kind's name as the API spells it in <c>type=</c> (<c>CHATS</c>).</summary>
    public string Name { get; }

    /// <inheritdoc />
    public bool Equals(UploadKind? other) => other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as UploadKind);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    /// <inheritdoc />
    public override string ToString() => Name;
}
