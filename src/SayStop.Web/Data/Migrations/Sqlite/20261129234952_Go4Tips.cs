using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SayStop.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Go4Tips : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                    NewCardsPerDay = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Go4TipsLearners", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Go4TipsCards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeckId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false)
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
                    DueAfter = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                name: "IX_Go4TipsCardChoices_CardId_Position",
                table: "Go4TipsCardChoices",
                columns: new[] { "CardId", "Position" },
                unique: true);

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
                name: "IX_Go4TipsReviews_CardId",
                table: "Go4TipsReviews",
                column: "CardId");

            migrationBuilder.CreateIndex(
                name: "IX_Go4TipsReviews_LearnerId_CardId_ReviewedAt",
                table: "Go4TipsReviews",
                columns: new[] { "LearnerId", "CardId", "ReviewedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Go4TipsReviews_LearnerId_ReviewedAt",
                table: "Go4TipsReviews",
                columns: new[] { "LearnerId", "ReviewedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Go4TipsCardChoiceTranslations");

            migrationBuilder.DropTable(
                name: "Go4TipsCardTranslations");

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
                name: "Go4TipsCardChoices");

            migrationBuilder.DropTable(
                name: "Go4TipsGroups");

            migrationBuilder.DropTable(
                name: "Go4TipsLearners");

            migrationBuilder.DropTable(
                name: "Go4TipsCards");

            migrationBuilder.DropTable(
                name: "Go4TipsDecks");
        }
    }
}
