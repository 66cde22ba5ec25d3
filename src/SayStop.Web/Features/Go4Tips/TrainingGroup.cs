using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// The participants of one training, invited by a trainer with a join code. The trainer sees only aggregates of the
/// members' reviews, and only once the group is large enough that no one's answers can be picked out.
/// </summary>
public sealed class TrainingGroup
{
    public const int MaxName = 120;
    public const int CodeLength = 8;

    /// <summary>No 0/O, 1/I/L: codes are read aloud and typed from a slide.</summary>
    public const string CodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public Guid Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string JoinCode { get; set; } = string.Empty;

    public Guid DeckId { get; set; }

    public Guid TrainerId { get; set; }

    /// <summary>The training day, from which "days since the training" is counted.</summary>
    public DateTime TrainedOn { get; set; }

    public DateTime CreatedAt { get; set; }

    public static string NewJoinCode() => new(RandomNumberGenerator.GetItems<char>(CodeAlphabet, CodeLength));

    /// <summary>A typed code made comparable: upper case, spaces and dashes dropped.</summary>
    public static string? NormaliseCode(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed) || typed.Length > 40)
        {
            return null;
        }

        var code = new string(typed.Where(c => c is not (' ' or '-')).Select(char.ToUpperInvariant).ToArray());
        return code.Length == CodeLength && code.All(CodeAlphabet.Contains) ? code : null;
    }
}

public sealed class GroupMember
{
    public Guid GroupId { get; set; }

    public Guid LearnerId { get; set; }

    public DateTime JoinedAt { get; set; }
}

internal sealed class TrainingGroupConfiguration : IEntityTypeConfiguration<TrainingGroup>
{
    public void Configure(EntityTypeBuilder<TrainingGroup> b)
    {
        b.ToTable("Go4TipsGroups");
        b.HasKey(g => g.Id);
        b.Property(g => g.Name).HasMaxLength(TrainingGroup.MaxName).IsRequired();
        b.Property(g => g.JoinCode).HasMaxLength(TrainingGroup.CodeLength).IsRequired();
        b.HasIndex(g => g.JoinCode).IsUnique();
        b.HasIndex(g => g.TrainerId);
        b.HasOne<Deck>().WithMany().HasForeignKey(g => g.DeckId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class GroupMemberConfiguration : IEntityTypeConfiguration<GroupMember>
{
    public void Configure(EntityTypeBuilder<GroupMember> b)
    {
        b.ToTable("Go4TipsGroupMembers");
        b.HasKey(m => new { m.GroupId, m.LearnerId });
        b.HasIndex(m => m.LearnerId);
        b.HasOne<TrainingGroup>().WithMany().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Learner>().WithMany().HasForeignKey(m => m.LearnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
