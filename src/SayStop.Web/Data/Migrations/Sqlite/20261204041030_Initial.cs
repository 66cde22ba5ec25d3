using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SayStop.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    PreferredCulture = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ActivatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    IsDisabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    LastTotpStep = table.Column<long>(type: "INTEGER", nullable: true),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", nullable: true),
                    SecurityStamp = table.Column<string>(type: "TEXT", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneNumber = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditLog",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Details = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PreviousHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditLog", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FriendlyName = table.Column<string>(type: "TEXT", nullable: true),
                    Xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EmailOutbox",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    TextBody = table.Column<string>(type: "TEXT", nullable: false),
                    MimeBody = table.Column<byte[]>(type: "BLOB", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    GaveUp = table.Column<bool>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    LeaseOwner = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    LeaseUntil = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EmailOutbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Files",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Files", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Go4TipsDecks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Go4TipsDecks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Go4TipsLearners",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DesiredRetention = table.Column<double>(type: "REAL", nullable: false),
                    NewCardsPerDay = table.Column<int>(type: "INTEGER", nullable: false),
                    AccountKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Go4TipsLearners", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Go4TipsSignInLinks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AccountKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UsedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Go4TipsSignInLinks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Jobs",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NextRunAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LeaseOwner = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    LeaseUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastStartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastFinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RunCount = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Jobs", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "Organisation",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ShortName = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Street = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PostalCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    City = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Country = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    EnterpriseNumber = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    LogoFileId = table.Column<Guid>(type: "TEXT", nullable: true),
                    FacebookUrl = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    InstagramUrl = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    LinkedInUrl = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    YouTubeUrl = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Organisation", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PoliceAuthorities",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    SmimeCertificate = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    OpenPgpKey = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Placeholder = table.Column<bool>(type: "INTEGER", nullable: false),
                    Retired = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PoliceAuthorities", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReportStatistics",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Month = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    Urgent = table.Column<bool>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportStatistics", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClaimType = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimValue = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClaimType = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimValue = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ProviderKey = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "TEXT", nullable: true),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserPasskeys",
                columns: table => new
                {
                    CredentialId = table.Column<byte[]>(type: "BLOB", maxLength: 1024, nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Data = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserPasskeys", x => x.CredentialId);
                    table.ForeignKey(
                        name: "FK_AspNetUserPasskeys_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RoleId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LoginProvider = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DeskLabels",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    NameKey = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeskLabels", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DeskLabels_AspNetUsers_CreatedBy",
                        column: x => x.CreatedBy,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RecipientKeys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PublicKey = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    ProtectedPrivateKey = table.Column<byte[]>(type: "BLOB", maxLength: 256, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecipientKeys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RecipientKeys_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Reports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false, defaultValue: ""),
                    IndexedVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Locator = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    ReceivedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Urgent = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    AssigneeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AcknowledgedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    FeedbackOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    SubmissionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReceiptVerifier = table.Column<byte[]>(type: "BLOB", nullable: false),
                    SealedAnswers = table.Column<byte[]>(type: "BLOB", nullable: false),
                    SealedContact = table.Column<byte[]>(type: "BLOB", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Reports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Reports_AspNetUsers_AssigneeId",
                        column: x => x.AssigneeId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "StaffInvitation",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ForFirstAdministrator = table.Column<bool>(type: "INTEGER", nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UsedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaffInvitation", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StaffInvitation_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Posts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PublishAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CoverFileId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AuthorEmail = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Posts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Posts_Files_CoverFileId",
                        column: x => x.CoverFileId,
                        principalTable: "Files",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "Go4TipsCards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeckId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    RetiredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    IsHidden = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Go4TipsCards", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Go4TipsCards_Go4TipsDecks_DeckId",
                        column: x => x.DeckId,
                        principalTable: "Go4TipsDecks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Go4TipsDeckParameterFits",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeckId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Weights = table.Column<string>(type: "TEXT", maxLength: 600, nullable: false),
                    ReviewCount = table.Column<int>(type: "INTEGER", nullable: false),
                    LearnerCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ItemCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    FittedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Go4TipsDeckParameterFits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Go4TipsDeckParameterFits_Go4TipsDecks_DeckId",
                        column: x => x.DeckId,
                        principalTable: "Go4TipsDecks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Go4TipsDeckTranslations",
                columns: table => new
                {
                    DeckId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Culture = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Go4TipsDeckTranslations", x => new { x.DeckId, x.Culture });
                    table.ForeignKey(
                        name: "FK_Go4TipsDeckTranslations_Go4TipsDecks_DeckId",
                        column: x => x.DeckId,
                        principalTable: "Go4TipsDecks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Go4TipsGroups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    JoinCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    DeckId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TrainerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TrainedOn = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Go4TipsGroups", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Go4TipsGroups_Go4TipsDecks_DeckId",
                        column: x => x.DeckId,
                        principalTable: "Go4TipsDecks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Go4TipsReminders",
                columns: table => new
                {
                    LearnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    Culture = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    EveryDays = table.Column<int>(type: "INTEGER", nullable: false),
                    BaseUrl = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastSentAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Go4TipsReminders", x => x.LearnerId);
                    table.ForeignKey(
                        name: "FK_Go4TipsReminders_Go4TipsLearners_LearnerId",
                        column: x => x.LearnerId,
                        principalTable: "Go4TipsLearners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DeskIndexKeys",
                columns: table => new
                {
                    KeyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecipientKeyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SealedKey = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeskIndexKeys", x => new { x.KeyId, x.RecipientKeyId });
                    table.ForeignKey(
                        name: "FK_DeskIndexKeys_RecipientKeys_RecipientKeyId",
                        column: x => x.RecipientKeyId,
                        principalTable: "RecipientKeys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DeskSessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecipientKeyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SealedPrivateKey = table.Column<byte[]>(type: "BLOB", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeskSessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DeskSessions_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DeskSessions_RecipientKeys_RecipientKeyId",
                        column: x => x.RecipientKeyId,
                        principalTable: "RecipientKeys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CaseEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ActorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseEvents_Reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "Reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReportCaseKeys",
                columns: table => new
                {
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecipientKeyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SealedKey = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportCaseKeys", x => new { x.ReportId, x.RecipientKeyId });
                    table.ForeignKey(
                        name: "FK_ReportCaseKeys_RecipientKeys_RecipientKeyId",
                        column: x => x.RecipientKeyId,
                        principalTable: "RecipientKeys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ReportCaseKeys_Reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "Reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReportForwards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    IncludesIdentity = table.Column<bool>(type: "INTEGER", nullable: false),
                    BoundDelivery = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    BoundAddress = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    BoundKeyFingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    PreparedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    PreparedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DecidedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DeliveredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    OutboxEmailId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SealedNote = table.Column<byte[]>(type: "BLOB", nullable: true),
                    SealedDossier = table.Column<byte[]>(type: "BLOB", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportForwards", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportForwards_AspNetUsers_PreparedById",
                        column: x => x.PreparedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ReportForwards_PoliceAuthorities_AuthorityId",
                        column: x => x.AuthorityId,
                        principalTable: "PoliceAuthorities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ReportForwards_Reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "Reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReportIndexTokens",
                columns: table => new
                {
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Token = table.Column<byte[]>(type: "BLOB", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportIndexTokens", x => new { x.ReportId, x.Kind, x.Token });
                    table.ForeignKey(
                        name: "FK_ReportIndexTokens_Reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "Reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReportLabels",
                columns: table => new
                {
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LabelId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportLabels", x => new { x.ReportId, x.LabelId });
                    table.ForeignKey(
                        name: "FK_ReportLabels_DeskLabels_LabelId",
                        column: x => x.LabelId,
                        principalTable: "DeskLabels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ReportLabels_Reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "Reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReportMessages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    FromReporter = table.Column<bool>(type: "INTEGER", nullable: false),
                    SentOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Sealed = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportMessages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportMessages_Reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "Reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReportNotes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WrittenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Sealed = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportNotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportNotes_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ReportNotes_Reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "Reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReportSealedKeys",
                columns: table => new
                {
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecipientKeyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SealedKey = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportSealedKeys", x => new { x.ReportId, x.RecipientKeyId });
                    table.ForeignKey(
                        name: "FK_ReportSealedKeys_RecipientKeys_RecipientKeyId",
                        column: x => x.RecipientKeyId,
                        principalTable: "RecipientKeys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ReportSealedKeys_Reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "Reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PostTags",
                columns: table => new
                {
                    PostId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Tag = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PostTags", x => new { x.PostId, x.Tag });
                    table.ForeignKey(
                        name: "FK_PostTags_Posts_PostId",
                        column: x => x.PostId,
                        principalTable: "Posts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PostTranslations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PostId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Culture = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    BodyMarkdown = table.Column<string>(type: "TEXT", maxLength: 50000, nullable: false),
                    CoverAlt = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PostTranslations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PostTranslations_Posts_PostId",
                        column: x => x.PostId,
                        principalTable: "Posts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Go4TipsCardChoices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CardId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    IsCorrect = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Go4TipsCardChoices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Go4TipsCardChoices_Go4TipsCards_CardId",
                        column: x => x.CardId,
                        principalTable: "Go4TipsCards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Go4TipsCardTranslations",
                columns: table => new
                {
                    CardId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Culture = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    Prompt = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Answer = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Explanation = table.Column<string>(type: "TEXT", maxLength: 1500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Go4TipsCardTranslations", x => new { x.CardId, x.Culture });
                    table.ForeignKey(
                        name: "FK_Go4TipsCardTranslations_Go4TipsCards_CardId",
                        column: x => x.CardId,
                        principalTable: "Go4TipsCards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Go4TipsLearnerCards",
                columns: table => new
                {
                    LearnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CardId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeckId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Due = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Stability = table.Column<double>(type: "REAL", nullable: false),
                    Difficulty = table.Column<double>(type: "REAL", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    Step = table.Column<int>(type: "INTEGER", nullable: false),
                    LastReview = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Reps = table.Column<int>(type: "INTEGER", nullable: false),
                    Lapses = table.Column<int>(type: "INTEGER", nullable: false),
                    ScheduledDays = table.Column<int>(type: "INTEGER", nullable: false),
                    ElapsedDays = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Go4TipsLearnerCards", x => new { x.LearnerId, x.CardId });
                    table.ForeignKey(
                        name: "FK_Go4TipsLearnerCards_Go4TipsCards_CardId",
                        column: x => x.CardId,
                        principalTable: "Go4TipsCards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Go4TipsLearnerCards_Go4TipsLearners_LearnerId",
                        column: x => x.LearnerId,
                        principalTable: "Go4TipsLearners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Go4TipsReviews",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LearnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CardId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeckId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Rating = table.Column<int>(type: "INTEGER", nullable: false),
                    ChoicePosition = table.Column<int>(type: "INTEGER", nullable: true),
                    ReviewedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ElapsedDays = table.Column<int>(type: "INTEGER", nullable: false),
                    StateBefore = table.Column<int>(type: "INTEGER", nullable: false),
                    StateAfter = table.Column<int>(type: "INTEGER", nullable: false),
                    ScheduledDays = table.Column<int>(type: "INTEGER", nullable: false),
                    Stability = table.Column<double>(type: "REAL", nullable: false),
                    Difficulty = table.Column<double>(type: "REAL", nullable: false),
                    DueAfter = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClientId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ParametersFitId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Go4TipsReviews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Go4TipsReviews_Go4TipsCards_CardId",
                        column: x => x.CardId,
                        principalTable: "Go4TipsCards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Go4TipsReviews_Go4TipsLearners_LearnerId",
                        column: x => x.LearnerId,
                        principalTable: "Go4TipsLearners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Go4TipsGroupMembers",
                columns: table => new
                {
                    GroupId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LearnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JoinedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Go4TipsGroupMembers", x => new { x.GroupId, x.LearnerId });
                    table.ForeignKey(
                        name: "FK_Go4TipsGroupMembers_Go4TipsGroups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "Go4TipsGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Go4TipsGroupMembers_Go4TipsLearners_LearnerId",
                        column: x => x.LearnerId,
                        principalTable: "Go4TipsLearners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReportAttachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MessageId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Sealed = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportAttachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportAttachments_ReportMessages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "ReportMessages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ReportAttachments_Reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "Reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Go4TipsCardChoiceTranslations",
                columns: table => new
                {
                    ChoiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Culture = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Feedback = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Go4TipsCardChoiceTranslations", x => new { x.ChoiceId, x.Culture });
                    table.ForeignKey(
                        name: "FK_Go4TipsCardChoiceTranslations_Go4TipsCardChoices_ChoiceId",
                        column: x => x.ChoiceId,
                        principalTable: "Go4TipsCardChoices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserPasskeys_UserId",
                table: "AspNetUserPasskeys",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditLog_At",
                table: "AuditLog",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_CaseEvents_ReportId_At",
                table: "CaseEvents",
                columns: new[] { "ReportId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_DeskIndexKeys_RecipientKeyId",
                table: "DeskIndexKeys",
                column: "RecipientKeyId");

            migrationBuilder.CreateIndex(
                name: "IX_DeskLabels_CreatedBy",
                table: "DeskLabels",
                column: "CreatedBy");

            migrationBuilder.CreateIndex(
                name: "IX_DeskLabels_NameKey",
                table: "DeskLabels",
                column: "NameKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DeskSessions_ExpiresAt",
                table: "DeskSessions",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_DeskSessions_RecipientKeyId",
                table: "DeskSessions",
                column: "RecipientKeyId");

            migrationBuilder.CreateIndex(
                name: "IX_DeskSessions_UserId",
                table: "DeskSessions",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_EmailOutbox_SentAt_NextAttemptAt",
                table: "EmailOutbox",
                columns: new[] { "SentAt", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Go4TipsCardChoices_CardId_Position",
                table: "Go4TipsCardChoices",
                columns: new[] { "CardId", "Position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Go4TipsCards_DeckId_IsHidden",
                table: "Go4TipsCards",
                columns: new[] { "DeckId", "IsHidden" });

            migrationBuilder.CreateIndex(
                name: "IX_Go4TipsCards_DeckId_Key",
                table: "Go4TipsCards",
                columns: new[] { "DeckId", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Go4TipsCards_DeckId_Position",
                table: "Go4TipsCards",
                columns: new[] { "DeckId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_Go4TipsDeckParameterFits_DeckId_FittedAt",
                table: "Go4TipsDeckParameterFits",
                columns: new[] { "DeckId", "FittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Go4TipsDecks_Key",
                table: "Go4TipsDecks",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Go4TipsGroupMembers_LearnerId",
                table: "Go4TipsGroupMembers",
                column: "LearnerId");

            migrationBuilder.CreateIndex(
                name: "IX_Go4TipsGroups_DeckId",
                table: "Go4TipsGroups",
                column: "DeckId");

            migrationBuilder.CreateIndex(
                name: "IX_Go4TipsGroups_JoinCode",
                table: "Go4TipsGroups",
                column: "JoinCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Go4TipsGroups_TrainerId",
                table: "Go4TipsGroups",
                column: "TrainerId");

            migrationBuilder.CreateIndex(
                name: "IX_Go4TipsLearnerCards_CardId",
                table: "Go4TipsLearnerCards",
                column: "CardId");

            migrationBuilder.CreateIndex(
                name: "IX_Go4TipsLearnerCards_LearnerId_DeckId_Due",
                table: "Go4TipsLearnerCards",
                columns: new[] { "LearnerId", "DeckId", "Due" });

            migrationBuilder.CreateIndex(
                name: "IX_Go4TipsLearnerCards_LearnerId_Due",
                table: "Go4TipsLearnerCards",
                columns: new[] { "LearnerId", "Due" });

            migrationBuilder.CreateIndex(
                name: "IX_Go4TipsLearners_AccountKey",
                table: "Go4TipsLearners",
                column: "AccountKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Go4TipsReviews_CardId",
                table: "Go4TipsReviews",
                column: "CardId");

            migrationBuilder.CreateIndex(
                name: "IX_Go4TipsReviews_LearnerId_CardId_ReviewedAt",
                table: "Go4TipsReviews",
                columns: new[] { "LearnerId", "CardId", "ReviewedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Go4TipsReviews_LearnerId_ClientId",
                table: "Go4TipsReviews",
                columns: new[] { "LearnerId", "ClientId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Go4TipsReviews_LearnerId_ReviewedAt",
                table: "Go4TipsReviews",
                columns: new[] { "LearnerId", "ReviewedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Go4TipsSignInLinks_AccountKey_CreatedAt",
                table: "Go4TipsSignInLinks",
                columns: new[] { "AccountKey", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Go4TipsSignInLinks_ExpiresAt",
                table: "Go4TipsSignInLinks",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_Go4TipsSignInLinks_TokenHash",
                table: "Go4TipsSignInLinks",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PoliceAuthorities_Country_Retired",
                table: "PoliceAuthorities",
                columns: new[] { "Country", "Retired" });

            migrationBuilder.CreateIndex(
                name: "IX_Posts_CoverFileId",
                table: "Posts",
                column: "CoverFileId");

            migrationBuilder.CreateIndex(
                name: "IX_Posts_PublishAt",
                table: "Posts",
                column: "PublishAt");

            migrationBuilder.CreateIndex(
                name: "IX_PostTags_Tag",
                table: "PostTags",
                column: "Tag");

            migrationBuilder.CreateIndex(
                name: "IX_PostTranslations_Culture_Slug",
                table: "PostTranslations",
                columns: new[] { "Culture", "Slug" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PostTranslations_PostId_Culture",
                table: "PostTranslations",
                columns: new[] { "PostId", "Culture" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RecipientKeys_UserId",
                table: "RecipientKeys",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_ReportAttachments_MessageId",
                table: "ReportAttachments",
                column: "MessageId");

            migrationBuilder.CreateIndex(
                name: "IX_ReportAttachments_ReportId_Sequence",
                table: "ReportAttachments",
                columns: new[] { "ReportId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReportCaseKeys_RecipientKeyId",
                table: "ReportCaseKeys",
                column: "RecipientKeyId");

            migrationBuilder.CreateIndex(
                name: "IX_ReportForwards_AuthorityId_State",
                table: "ReportForwards",
                columns: new[] { "AuthorityId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportForwards_PreparedById",
                table: "ReportForwards",
                column: "PreparedById");

            migrationBuilder.CreateIndex(
                name: "IX_ReportForwards_Reference",
                table: "ReportForwards",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReportForwards_ReportId_PreparedAt",
                table: "ReportForwards",
                columns: new[] { "ReportId", "PreparedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportIndexTokens_Token",
                table: "ReportIndexTokens",
                columns: new[] { "Token", "ReportId" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportLabels_LabelId_ReportId",
                table: "ReportLabels",
                columns: new[] { "LabelId", "ReportId" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportMessages_ReportId_Sequence",
                table: "ReportMessages",
                columns: new[] { "ReportId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReportNotes_AuthorId",
                table: "ReportNotes",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_ReportNotes_ReportId_WrittenAt",
                table: "ReportNotes",
                columns: new[] { "ReportId", "WrittenAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Reports_Inbox",
                table: "Reports",
                columns: new[] { "Urgent", "ReceivedOn", "Id" },
                descending: new[] { true, false, false });

            migrationBuilder.CreateIndex(
                name: "IX_Reports_Inbox_Assignee",
                table: "Reports",
                columns: new[] { "AssigneeId", "Urgent", "ReceivedOn", "Id" },
                descending: new[] { false, true, false, false });

            migrationBuilder.CreateIndex(
                name: "IX_Reports_Inbox_Country",
                table: "Reports",
                columns: new[] { "Country", "Urgent", "ReceivedOn", "Id" },
                descending: new[] { false, true, false, false });

            migrationBuilder.CreateIndex(
                name: "IX_Reports_Inbox_Status",
                table: "Reports",
                columns: new[] { "Status", "Urgent", "ReceivedOn", "Id" },
                descending: new[] { false, true, false, false });

            migrationBuilder.CreateIndex(
                name: "IX_Reports_IndexedVersion",
                table: "Reports",
                column: "IndexedVersion");

            migrationBuilder.CreateIndex(
                name: "IX_Reports_Locator",
                table: "Reports",
                column: "Locator",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Reports_NoFeedback",
                table: "Reports",
                columns: new[] { "FeedbackOn", "ReceivedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Reports_ReceivedOn",
                table: "Reports",
                column: "ReceivedOn");

            migrationBuilder.CreateIndex(
                name: "IX_Reports_Reference",
                table: "Reports",
                column: "Reference");

            migrationBuilder.CreateIndex(
                name: "IX_Reports_SubmissionId",
                table: "Reports",
                column: "SubmissionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Reports_Unacknowledged",
                table: "Reports",
                columns: new[] { "AcknowledgedOn", "ReceivedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportSealedKeys_RecipientKeyId",
                table: "ReportSealedKeys",
                column: "RecipientKeyId");

            migrationBuilder.CreateIndex(
                name: "IX_ReportStatistics_Country_Month",
                table: "ReportStatistics",
                columns: new[] { "Country", "Month" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportStatistics_Month",
                table: "ReportStatistics",
                column: "Month");

            migrationBuilder.CreateIndex(
                name: "IX_StaffInvitation_TokenHash",
                table: "StaffInvitation",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StaffInvitation_UserId",
                table: "StaffInvitation",
                column: "UserId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserPasskeys");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "AuditLog");

            migrationBuilder.DropTable(
                name: "CaseEvents");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "DeskIndexKeys");

            migrationBuilder.DropTable(
                name: "DeskSessions");

            migrationBuilder.DropTable(
                name: "EmailOutbox");

            migrationBuilder.DropTable(
                name: "Go4TipsCardChoiceTranslations");

            migrationBuilder.DropTable(
                name: "Go4TipsCardTranslations");

            migrationBuilder.DropTable(
                name: "Go4TipsDeckParameterFits");

            migrationBuilder.DropTable(
                name: "Go4TipsDeckTranslations");

            migrationBuilder.DropTable(
                name: "Go4TipsGroupMembers");

            migrationBuilder.DropTable(
                name: "Go4TipsLearnerCards");

            migrationBuilder.DropTable(
                name: "Go4TipsReminders");

            migrationBuilder.DropTable(
                name: "Go4TipsReviews");

            migrationBuilder.DropTable(
                name: "Go4TipsSignInLinks");

            migrationBuilder.DropTable(
                name: "Jobs");

            migrationBuilder.DropTable(
                name: "Organisation");

            migrationBuilder.DropTable(
                name: "PostTags");

            migrationBuilder.DropTable(
                name: "PostTranslations");

            migrationBuilder.DropTable(
                name: "ReportAttachments");

            migrationBuilder.DropTable(
                name: "ReportCaseKeys");

            migrationBuilder.DropTable(
                name: "ReportForwards");

            migrationBuilder.DropTable(
                name: "ReportIndexTokens");

            migrationBuilder.DropTable(
                name: "ReportLabels");

            migrationBuilder.DropTable(
                name: "ReportNotes");

            migrationBuilder.DropTable(
                name: "ReportSealedKeys");

            migrationBuilder.DropTable(
                name: "ReportStatistics");

            migrationBuilder.DropTable(
                name: "StaffInvitation");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "Go4TipsCardChoices");

            migrationBuilder.DropTable(
                name: "Go4TipsGroups");

            migrationBuilder.DropTable(
                name: "Go4TipsLearners");

            migrationBuilder.DropTable(
                name: "Posts");

            migrationBuilder.DropTable(
                name: "ReportMessages");

            migrationBuilder.DropTable(
                name: "PoliceAuthorities");

            migrationBuilder.DropTable(
                name: "DeskLabels");

            migrationBuilder.DropTable(
                name: "RecipientKeys");

            migrationBuilder.DropTable(
                name: "Go4TipsCards");

            migrationBuilder.DropTable(
                name: "Files");

            migrationBuilder.DropTable(
                name: "Reports");

            migrationBuilder.DropTable(
                name: "Go4TipsDecks");

            migrationBuilder.DropTable(
                name: "AspNetUsers");
        }
    }
}
