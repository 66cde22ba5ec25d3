using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SayStop.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Go4TipsOfflineAndFit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ClientId",
                table: "Go4TipsReviews",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ParametersFitId",
                table: "Go4TipsReviews",
                type: "TEXT",
                nullable: true);

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

            migrationBuilder.CreateIndex(
                name: "IX_Go4TipsReviews_LearnerId_ClientId",
                table: "Go4TipsReviews",
                columns: new[] { "LearnerId", "ClientId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Go4TipsDeckParameterFits_DeckId_FittedAt",
                table: "Go4TipsDeckParameterFits",
                columns: new[] { "DeckId", "FittedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Go4TipsDeckParameterFits");

            migrationBuilder.DropIndex(
                name: "IX_Go4TipsReviews_LearnerId_ClientId",
                table: "Go4TipsReviews");

            migrationBuilder.DropColumn(
                name: "ClientId",
                table: "Go4TipsReviews");

            migrationBuilder.DropColumn(
                name: "ParametersFitId",
                table: "Go4TipsReviews");
        }
    }
}
