using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SayStop.Web.Data.Migrations.Postgres
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
                type: "bytea",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PoliceAuthorities",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    SmimeCertificate = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    OpenPgpKey = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    Notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Placeholder = table.Column<bool>(type: "boolean", nullable: false),
                    Retired = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PoliceAuthorities", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReportForwards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ReportId = table.Column<Guid>(type: "uuid", nullable: false),
                    AuthorityId = table.Column<Guid>(type: "uuid", nullable: false),
                    Reference = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    State = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    IncludesIdentity = table.Column<bool>(type: "boolean", nullable: false),
                    PreparedById = table.Column<Guid>(type: "uuid", nullable: false),
                    PreparedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DecidedById = table.Column<Guid>(type: "uuid", nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DeliveredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    OutboxEmailId = table.Column<Guid>(type: "uuid", nullable: true),
                    SealedNote = table.Column<byte[]>(type: "bytea", nullable: true),
                    SealedDossier = table.Column<byte[]>(type: "bytea", nullable: true)
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
