using System;
using System.IO;
using System.Runtime.InteropServices;

namespace MetricaChats.Core.Auth;

/// <summary>
/// The per-user configuration directory that holds the profile metadata (never a secret):
/// <c>%APPDATA%\MetricaChats</c> on Windows, <c>~/Library/Application Support/MetricaChats</c>
/// on macOS, <c>$XDG_CONFIG_HOME/metricachats</c> or <c>~/.config/metricachats</c> on Linux.
/// The environment variable <see cref="OverrideVariable"/> replaces it (tests, portable setups).
/// </summary>
public static class MetricaConfigDirectory
{
    /// <summary>Environment variable that overrides the directory (an absolute path).</summary>
    public const string OverrideVariable = "METRICA_CONFIG_DIR";

    /// <summary>The directory for this user on this platform.</summary>
    /// <param name="getEnvironmentVariable">Reads environment variables; defaults to the process environment.</param>
    public static string Resolve(Func<string, string?>? getEnvironmentVariable = null)
    {
        var platform = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? OSPlatform.Windows
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? OSPlatform.OSX
            : OSPlatform.Linux;
        return Resolve(
            getEnvironmentVariable ?? Environment.GetEnvironmentVariable,
            platform,
            Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData),
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
    }

    /// <summary>The rule itself, with the platform and folders passed in (tested on every platform).</summary>
    internal static string Resolve(Func<string, string?> env, OSPlatform platform, string appData, string home)
    {
        var overridden = env(OverrideVariable);
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            if (!Path.IsPathRooted(overridden))
            {
                throw new MetricaAuthException(
                    AuthErrorIds.ProfileFileInvalid,
                    $"The environment variable {OverrideVariable} is '{overridden}', which is not an absolute path. Set it to a full directory path, or unset it to use the default.");
            }

            return overridden!;
        }

        if (platform == OSPlatform.Windows)
        {
            return Path.Combine(appData, "MetricaChats");
        }

        var userHome = env("HOME");
        if (string.IsNullOrEmpty(userHome))
        {
            userHome = home;
        }

        if (platform == OSPlatform.OSX)
        {
            return Path.Combine(userHome!, "Library", "Application Support", "MetricaChats");
        }

        // XDG Base Directory: a relative XDG_CONFIG_HOME is invalid and must be ignored.
        var xdg = env("XDG_CONFIG_HOME");
        var configHome = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg) ? xdg! : Path.Combine(userHome!, ".config");
        return Path.Combine(configHome, "metricachats");
    }
}
