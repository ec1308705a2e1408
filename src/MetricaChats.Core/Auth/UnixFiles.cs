using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace MetricaChats.Core.Auth;

/// <summary>
/// Owner-only files and directories on Linux and macOS. netstandard2.0 has no
/// File.SetUnixFileMode, so this calls libc: the file is created empty under a fresh name,
/// made 0600 with fchmod on its open descriptor before any byte is written, then renamed over
/// the target (atomic on the same file system). The secret therefore never sits in a file
/// anyone else may read, whatever the umask.
/// </summary>
internal static class UnixFiles
{
    internal const int OwnerReadWrite = 0x180; // 0600
    internal const int OwnerOnlyDirectory = 0x1C0; // 0700

    internal static bool IsUnix =>
        RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX);

    /// <summary>Creates <paramref name="directory"/> if needed and, on Unix, makes it 0700.</summary>
    internal static void EnsureOwnerOnlyDirectory(string directory)
    {
        Directory.CreateDirectory(directory);
        if (IsUnix && NativeMethods.chmod(Utf8z(directory), OwnerOnlyDirectory) != 0)
        {
            var errno = Marshal.GetLastWin32Error();
            throw new IOException($"Could not make the directory '{directory}' private to its owner (chmod 700 failed, errno {errno}).");
        }
    }

    /// <summary>Writes <paramref name="data"/> to <paramref name="path"/> as an owner-only (0600) file, atomically.</summary>
    internal static void WriteOwnerOnly(string path, byte[] data)
    {
        if (!IsUnix)
        {
            throw new PlatformNotSupportedException("Owner-only plain files are written on Linux and macOS only.");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        EnsureOwnerOnlyDirectory(directory);
        var temp = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var fd = stream.SafeFileHandle.DangerousGetHandle().ToInt32();
                if (NativeMethods.fchmod(fd, OwnerReadWrite) != 0)
                {
                    var errno = Marshal.GetLastWin32Error();
                    throw new IOException($"Could not make '{temp}' readable by its owner only (fchmod 600 failed, errno {errno}); nothing was written.");
                }

                stream.Write(data, 0, data.Length);
                stream.Flush(flushToDisk: true);
            }

            if (NativeMethods.rename(Utf8z(temp), Utf8z(path)) != 0)
            {
                var errno = Marshal.GetLastWin32Error();
                throw new IOException($"Could not move the new token file into place at '{path}' (rename failed, errno {errno}).");
            }
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Creates <paramref name="path"/> empty and owner-only (0600) if it does not exist yet; an
    /// existing file is left alone. Creation is exclusive, so two processes racing to create it
    /// never replace each other's file.
    /// </summary>
    internal static void CreateOwnerOnlyIfMissing(string path)
    {
        if (!IsUnix)
        {
            throw new PlatformNotSupportedException("Owner-only files are made on Linux and macOS only.");
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite);
        }
        catch (IOException) when (File.Exists(path))
        {
            return;
        }

        using (stream)
        {
            var fd = stream.SafeFileHandle.DangerousGetHandle().ToInt32();
            if (NativeMethods.fchmod(fd, OwnerReadWrite) != 0)
            {
                var errno = Marshal.GetLastWin32Error();
                throw new IOException($"Could not make '{path}' readable by its owner only (fchmod 600 failed, errno {errno}).");
            }
        }
    }

    /// <summary>Overwrites a small file with zeros, then deletes it (best effort; no error when absent).</summary>
    internal static void Shred(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        try
        {
            var length = new FileInfo(path).Length;
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None);
            stream.Write(new byte[length], 0, (int)Math.Min(length, int.MaxValue));
            stream.Flush(flushToDisk: true);
        }
        catch (IOException)
        {
            // Deleting below is what matters; overwriting is a courtesy on file systems that keep blocks.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }

        File.Delete(path);
    }

    // A path as the NUL-terminated UTF-8 bytes libc expects (netstandard2.0 has no LPUTF8Str).
    private static byte[] Utf8z(string path)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, 0, path.Length, bytes, 0);
        return bytes;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The temporary file is empty or holds only what the caller was writing; best effort.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    private static class NativeMethods
    {
        // "libc" is resolved by the .NET runtime to the C library on Linux and macOS.
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int chmod(byte[] path, int mode);

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int fchmod(int fd, int mode);

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int rename(byte[] oldPath, byte[] newPath);
    }
}
