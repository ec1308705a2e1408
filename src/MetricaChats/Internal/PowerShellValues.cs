using System.Collections.Generic;
using System.Management.Automation;

namespace MetricaChats.Internal;

/// <summary>Values as they arrive from PowerShell, made plain for the engine.</summary>
internal static class PowerShellValues
{
    /// <summary>
    /// The value inside a PSObject wrapper. A custom object (what ConvertFrom-Json and
    /// Import-Csv make) becomes a dictionary of its properties: its base object holds none of them.
    /// </summary>
    public static object? Unwrap(object? value)
    {
        if (value is not PSObject wrapped)
        {
            return value;
        }

        if (wrapped.BaseObject is not PSCustomObject)
        {
            return wrapped.BaseObject;
        }

        var properties = new Dictionary<string, object?>(System.StringComparer.OrdinalIgnoreCase);
        foreach (var property in wrapped.Properties)
        {
            properties[property.Name] = property.Value is PSObject inner ? inner.BaseObject : property.Value;
        }

        return properties;
    }
}
