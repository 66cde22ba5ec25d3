using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SayStop.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DeskLabelsAndIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "IndexedVersion",
                table: "Reports",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Reference",
                table: "Reports",
                type: "character varying(8)",
                maxLength: 8,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "DeskIndexKeys",
                columns: table => new
                {
                    KeyId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecipientKeyId = table.Column<Guid>(type: "uuid", nullable: false),
                    SealedKey = table.Column<byte[]>(type: "bytea", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                name: "DeskLabels",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    NameKey = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                name: "ReportIndexTokens",
                columns: table => new
                {
                    ReportId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Token = table.Column<byte[]>(type: "bytea", maxLength: 16, nullable: false)
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
                    ReportId = table.Column<Guid>(type: "uuid", nullable: false),
                    LabelId = table.Column<Guid>(type: "uuid", nullable: false)
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

            migrationBuilder.CreateIndex(
                name: "IX_Reports_IndexedVersion",
                table: "Reports",
                column: "IndexedVersion");

            migrationBuilder.CreateIndex(
                name: "IX_Reports_Reference",
                table: "Reports",
                column: "Reference");

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
                name: "IX_ReportIndexTokens_Token",
                table: "ReportIndexTokens",
                columns: new[] { "Token", "ReportId" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportLabels_LabelId_ReportId",
                table: "ReportLabels",
                columns: new[] { "LabelId", "ReportId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DeskIndexKeys");

            migrationBuilder.DropTable(
                name: "ReportIndexTokens");

            migrationBuilder.DropTable(
                name: "ReportLabels");

            migrationBuilder.DropTable(
                name: "DeskLabels");

            migrationBuilder.DropIndex(
                name: "IX_Reports_IndexedVersion",
                table: "Reports");

            migrationBuilder.DropIndex(
                name: "IX_Reports_Reference",
                table: "Reports");

            migrationBuilder.DropColumn(
                name: "IndexedVersion",
                table: "Reports");

            migrationBuilder.DropColumn(
                name: "Reference",
                table: "Reports");
        }
    }
}
