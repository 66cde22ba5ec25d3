using System.Security.Cryptography;

namespace SayStop.Sealing;

/// <summary>
/// A sealed blob could not be opened: it was altered, belongs to another report or purpose, was sealed to another
/// key, or has an unknown format. The message never contains key material or plaintext.
/// </summary>
public sealed class SealingException : CryptographicException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public SealingException()
        : base("The sealed data could not be opened.")
    {
    }

    /// <summary>Creates the exception with a message (which must not contain secrets).</summary>
    public SealingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message (which must not contain secrets) and a cause.</summary>
    public SealingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
