using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SayStop.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SecurityReview : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ReportForwards_AuthorityId",
                table: "ReportForwards");

            migrationBuilder.AddColumn<string>(
                name: "BoundAddress",
                table: "ReportForwards",
                type: "TEXT",
                maxLength: 320,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BoundDelivery",
                table: "ReportForwards",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BoundKeyFingerprint",
                table: "ReportForwards",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "KeyId",
                table: "AuditLog",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "LastTotpStep",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReportForwards_AuthorityId_State",
                table: "ReportForwards",
                columns: new[] { "AuthorityId", "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ReportForwards_AuthorityId_State",
                table: "ReportForwards");

            migrationBuilder.DropColumn(
                name: "BoundAddress",
                table: "ReportForwards");

            migrationBuilder.DropColumn(
                name: "BoundDelivery",
                table: "ReportForwards");

            migrationBuilder.DropColumn(
                name: "BoundKeyFingerprint",
                table: "ReportForwards");

            migrationBuilder.DropColumn(
                name: "KeyId",
                table: "AuditLog");

            migrationBuilder.DropColumn(
                name: "LastTotpStep",
                table: "AspNetUsers");

            migrationBuilder.CreateIndex(
                name: "IX_ReportForwards_AuthorityId",
                table: "ReportForwards",
                column: "AuthorityId");
        }
    }
}
