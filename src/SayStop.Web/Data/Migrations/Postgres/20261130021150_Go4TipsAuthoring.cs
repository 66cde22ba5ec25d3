using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SayStop.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Go4TipsAuthoring : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AccountKey",
                table: "Go4TipsLearners",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsHidden",
                table: "Go4TipsCards",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "RetiredAt",
                table: "Go4TipsCards",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Go4TipsSignInLinks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AccountKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UsedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Go4TipsSignInLinks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Go4TipsLearners_AccountKey",
                table: "Go4TipsLearners",
                column: "AccountKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Go4TipsCards_DeckId_IsHidden",
                table: "Go4TipsCards",
                columns: new[] { "DeckId", "IsHidden" });

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Go4TipsSignInLinks");

            migrationBuilder.DropIndex(
                name: "IX_Go4TipsLearners_AccountKey",
                table: "Go4TipsLearners");

            migrationBuilder.DropIndex(
                name: "IX_Go4TipsCards_DeckId_IsHidden",
                table: "Go4TipsCards");

            migrationBuilder.DropColumn(
                name: "AccountKey",
                table: "Go4TipsLearners");

            migrationBuilder.DropColumn(
                name: "IsHidden",
                table: "Go4TipsCards");

            migrationBuilder.DropColumn(
                name: "RetiredAt",
                table: "Go4TipsCards");
        }
    }
}
