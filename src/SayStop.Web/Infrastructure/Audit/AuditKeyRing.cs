using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace SayStop.Web.Infrastructure.Audit;

/// <summary>
/// The audit keys, which never live in the database: each entry is authenticated with HMAC-SHA256 under the
/// current key, and the chain head is signed (Ed25519) with a key derived from it, so whoever can only write to
/// the database can neither forge an entry nor a checkpoint. Older keys stay in the ring to verify what they
/// authenticated. Keys come from <c>Audit:Key</c> (base64, with <c>Audit:PreviousKeys</c>) or from a key file
/// (<c>Audit:KeyFile</c>, by default <c>keys/audit.key</c> beside the data folder, made 0600 at the first start):
/// one base64 key per line, the first one current.
/// </summary>
public sealed class AuditKeyRing : IDisposable
{
    public const int KeyLength = 32;

    private static readonly byte[] KeyIdLabel = "saystop audit key id v1"u8.ToArray();
    private static readonly byte[] SigningKeyInfo = "saystop audit checkpoint ed25519 v1"u8.ToArray();
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;

    private readonly Dictionary<string, Entry> _keys = new(StringComparer.Ordinal);

    private AuditKeyRing(IReadOnlyList<byte[]> keys, string? keyFile)
    {
        if (keys.Count == 0)
        {
            throw new InvalidOperationException("The audit key ring is empty.");
        }

        foreach (var key in keys)
        {
            if (key.Length != KeyLength)
            {
                throw new InvalidOperationException($"An audit key must be {KeyLength} bytes.");
            }

            var id = KeyIdOf(key);
            if (_keys.ContainsKey(id))
            {
                continue;
            }

            var seed = HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, salt: [], info: SigningKeyInfo);
            var signing = Key.Import(Ed25519, seed, KeyBlobFormat.RawPrivateKey);
            CryptographicOperations.ZeroMemory(seed);
            _keys[id] = new Entry(key, signing);
            CurrentKeyId ??= id;
        }

        KeyFile = keyFile;
    }

    /// <summary>The id written on new entries: the first 16 hex digits of an HMAC of a fixed label, so it names a key without revealing it.</summary>
    public string CurrentKeyId { get; } = null!;

    /// <summary>Where the keys were read from; null when they came from configuration.</summary>
    public string? KeyFile { get; }

    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    public static string KeyIdOf(ReadOnlySpan<byte> key) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, KeyIdLabel))[..16];

    /// <summary><c>keys/audit.key</c> in the folder that holds the data folder: beside it, so a copy of data/ never carries the key.</summary>
    public static string DefaultKeyFile(string dataDirectory)
    {
        var data = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory));
        var parent = Path.GetDirectoryName(data) ?? data;
        return Path.Combine(parent, "keys", "audit.key");
    }

    public static AuditKeyRing Load(IConfiguration configuration, ILogger logger)
    {
        var configured = configuration["Audit:Key"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var keys = new List<byte[]> { Decode(configured, "Audit:Key") };
            var previous = configuration.GetSection("Audit:PreviousKeys");
            keys.AddRange(previous.GetChildren().Select(c => c.Value).Append(previous.Value)
                .Where(v => !string.IsNullOrWhiteSpace(v))
                .SelectMany(v => v!.Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(v => Decode(v, "Audit:PreviousKeys")));
            var ring = new AuditKeyRing(keys, null);
            logger.LogInformation("Audit key {KeyId} from configuration ({Count} keys in the ring)", ring.CurrentKeyId, ring.KeyIds.Count);
            return ring;
        }

        var dataDirectory = configuration["Site:DataDirectory"] ?? "data";
        var file = Path.GetFullPath(configuration["Audit:KeyFile"] is { Length: > 0 } f ? f : DefaultKeyFile(dataDirectory));
        if (IsUnder(file, Path.GetFullPath(dataDirectory)))
        {
            logger.LogWarning("The audit key file {KeyFile} is inside the data folder: a copy of the data folder then carries the key", file);
        }

        if (!File.Exists(file))
        {
            CreateKeyFile(file, logger);
        }
        else if (!OperatingSystem.IsWindows()
                 && (File.GetUnixFileMode(file) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            logger.LogWarning("The audit key file {KeyFile} is readable by other users than the site's: chmod 600 it", file);
        }

        var lines = File.ReadAllLines(file)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => Decode(l, file))
            .ToList();
        var loaded = new AuditKeyRing(lines, file);
        logger.LogInformation("Audit key {KeyId} from {KeyFile} ({Count} keys in the ring)", loaded.CurrentKeyId, file, loaded.KeyIds.Count);
        return loaded;
    }

    public bool Knows(string keyId) => _keys.ContainsKey(keyId);

    /// <summary>HMAC-SHA256 under the named key, as 64 lower-case hex digits; null when the ring lacks that key.</summary>
    public string? Mac(string keyId, ReadOnlySpan<byte> message) =>
        _keys.TryGetValue(keyId, out var e) ? Convert.ToHexStringLower(HMACSHA256.HashData(e.MacKey, message)) : null;

    public byte[] Sign(ReadOnlySpan<byte> message) => Ed25519.Sign(_keys[CurrentKeyId].Signing, message);

    public byte[] PublicKey(string keyId) => _keys[keyId].Signing.PublicKey.Export(KeyBlobFormat.RawPublicKey);

    /// <summary>True when the signature was made by the named key of this ring (never by a key the checkpoint brings along).</summary>
    public bool VerifySignature(string keyId, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        _keys.TryGetValue(keyId, out var e) && Ed25519.Verify(e.Signing.PublicKey, message, signature);

    public void Dispose()
    {
        foreach (var e in _keys.Values)
        {
            CryptographicOperations.ZeroMemory(e.MacKey);
            e.Signing.Dispose();
        }
    }

    private static void CreateKeyFile(string file, ILogger logger)
    {
        var dir = Path.GetDirectoryName(file)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dir);
        }
        else
        {
            Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var key = RandomNumberGenerator.GetBytes(KeyLength);
        var text = Encoding.ASCII.GetBytes(Convert.ToBase64String(key) + "\n");
        CryptographicOperations.ZeroMemory(key);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(file, options);
            stream.Write(text);
            stream.Flush(flushToDisk: true);
            logger.LogInformation("Created the audit key file {KeyFile}: back it up apart from the database (docs/OPERATIONS.md)", file);
        }
        catch (IOException) when (File.Exists(file))
        {
            // Another host sharing this folder made it first: use theirs.
        }
        finally
        {
            CryptographicOperations.ZeroMemory(text);
        }
    }

    private static bool IsUnder(string file, string directory)
    {
        var dir = Path.TrimEndingDirectorySeparator(directory) + Path.DirectorySeparatorChar;
        return file.StartsWith(dir, StringComparison.Ordinal);
    }

    private static byte[] Decode(string base64, string source)
    {
        try
        {
            var key = Convert.FromBase64String(base64.Trim());
            return key.Length == KeyLength
                ? key
                : throw new InvalidOperationException($"An audit key in {source} is not {KeyLength} bytes.");
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"An audit key in {source} is not base64.");
        }
    }

    private sealed record Entry(byte[] MacKey, Key Signing);
}
