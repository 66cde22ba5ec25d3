using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SayStop.Web.Features.Account;

/// <summary>A member of the NGO's staff. Visitors, reporters and learners never get an account of this kind.</summary>
public sealed class StaffUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>The language the person reads the staff area and their emails in.</summary>
    public string PreferredCulture { get; set; } = "en";

    public DateTime CreatedAt { get; set; }

    /// <summary>Null until the invitation is accepted (password and second factor set).</summary>
    public DateTime? ActivatedAt { get; set; }

    public bool IsDisabled { get; set; }

    /// <summary>
    /// The 30-second step of the last authenticator code accepted (enrolment or sign-in): a code of this step or an
    /// earlier one is refused, so a code seen over a shoulder or in a proxy's log cannot be used again.
    /// </summary>
    public long? LastTotpStep { get; set; }
}

/// <summary>The five staff roles. A person may hold several; each staff route names the role it needs.</summary>
public static class StaffRoles
{
    public const string Administrator = "Administrator";
    public const string CaseHandler = "CaseHandler";
    public const string Editor = "Editor";
    public const string Trainer = "Trainer";
    public const string Finance = "Finance";

    public static readonly IReadOnlyList<string> All = [Administrator, CaseHandler, Editor, Trainer, Finance];
}

/// <summary>Authorization policies. Every one of them also demands that the sign-in used the second factor.</summary>
public static class StaffPolicies
{
    public const string AnyStaff = "AnyStaff";
    public const string Administrator = "Administrator";
    public const string Editor = "Editor";
    public const string CaseHandler = "CaseHandler";
    public const string Trainer = "Trainer";
    public const string Finance = "Finance";
}

internal sealed class StaffUserConfiguration : IEntityTypeConfiguration<StaffUser>
{
    public void Configure(EntityTypeBuilder<StaffUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(120);
        b.Property(u => u.PreferredCulture).HasMaxLength(5);
    }
}

/// <summary>A one-time link that lets an invited person (or the first administrator) set up their account.</summary>
public sealed class StaffInvitation
{
    public Guid Id { get; set; }

    /// <summary>The invited account; null for the first administrator, who chooses their own email.</summary>
    public Guid? UserId { get; set; }

    public bool ForFirstAdministrator { get; set; }

    /// <summary>SHA-256 of the token in the link; the token itself is only in the email or console.</summary>
    public string TokenHash { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? UsedAt { get; set; }
}

internal sealed class StaffInvitationConfiguration : IEntityTypeConfiguration<StaffInvitation>
{
    public void Configure(EntityTypeBuilder<StaffInvitation> b)
    {
        b.HasKey(i => i.Id);
        b.Property(i => i.TokenHash).HasMaxLength(64).IsRequired();
        b.HasIndex(i => i.TokenHash).IsUnique();
        b.HasOne<StaffUser>().WithMany().HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
