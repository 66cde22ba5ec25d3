using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SayStop.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Forwarding : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "MimeBody",
                table: "EmailOutbox",
                type: "BLOB",
                nullable: true);

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
                name: "ReportForwards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    IncludesIdentity = table.Column<bool>(type: "INTEGER", nullable: false),
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

            migrationBuilder.CreateIndex(
                name: "IX_PoliceAuthorities_Country_Retired",
                table: "PoliceAuthorities",
                columns: new[] { "Country", "Retired" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportForwards_AuthorityId",
                table: "ReportForwards",
                column: "AuthorityId");

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReportForwards");

            migrationBuilder.DropTable(
                name: "PoliceAuthorities");

            migrationBuilder.DropColumn(
                name: "MimeBody",
                table: "EmailOutbox");
        }
    }
}
