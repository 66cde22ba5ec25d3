using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SayStop.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DeskAndReportPhotos : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "AcknowledgedOn",
                table: "Reports",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "AssigneeId",
                table: "Reports",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "FeedbackOn",
                table: "Reports",
                type: "TEXT",
                nullable: true);

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
                name: "IX_Reports_NoFeedback",
                table: "Reports",
                columns: new[] { "FeedbackOn", "ReceivedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Reports_Unacknowledged",
                table: "Reports",
                columns: new[] { "AcknowledgedOn", "ReceivedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseEvents_ReportId_At",
                table: "CaseEvents",
                columns: new[] { "ReportId", "At" });

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
                name: "IX_ReportNotes_AuthorId",
                table: "ReportNotes",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_ReportNotes_ReportId_WrittenAt",
                table: "ReportNotes",
                columns: new[] { "ReportId", "WrittenAt" });

            migrationBuilder.AddForeignKey(
                name: "FK_Reports_AspNetUsers_AssigneeId",
                table: "Reports",
                column: "AssigneeId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Reports_AspNetUsers_AssigneeId",
                table: "Reports");

            migrationBuilder.DropTable(
                name: "CaseEvents");

            migrationBuilder.DropTable(
                name: "DeskSessions");

            migrationBuilder.DropTable(
                name: "ReportAttachments");

            migrationBuilder.DropTable(
                name: "ReportCaseKeys");

            migrationBuilder.DropTable(
                name: "ReportNotes");

            migrationBuilder.DropIndex(
                name: "IX_Reports_Inbox",
                table: "Reports");

            migrationBuilder.DropIndex(
                name: "IX_Reports_Inbox_Assignee",
                table: "Reports");

            migrationBuilder.DropIndex(
                name: "IX_Reports_Inbox_Country",
                table: "Reports");

            migrationBuilder.DropIndex(
                name: "IX_Reports_Inbox_Status",
                table: "Reports");

            migrationBuilder.DropIndex(
                name: "IX_Reports_NoFeedback",
                table: "Reports");

            migrationBuilder.DropIndex(
                name: "IX_Reports_Unacknowledged",
                table: "Reports");

            migrationBuilder.DropColumn(
                name: "AcknowledgedOn",
                table: "Reports");

            migrationBuilder.DropColumn(
                name: "AssigneeId",
                table: "Reports");

            migrationBuilder.DropColumn(
                name: "FeedbackOn",
                table: "Reports");
        }
    }
}
