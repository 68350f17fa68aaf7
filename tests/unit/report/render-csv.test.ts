import { describe, expect, it } from "vitest";
import { csvField, renderReportCsv } from "../../../src/core/report/render-csv.js";
import { everyClassModel, modelOf, pendingItem } from "./report-fixtures.js";

/** A minimal RFC 4180 reader, to prove the output reads back as written. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += ch;
  }
  return rows;
}

describe("renderReportCsv", () => {
  it("writes a header and one row per item, CRLF line ends", () => {
    const csv = renderReportCsv(everyClassModel());
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(
      "kind,number,title,url,class,reason,author,assignees,labels,done_at,merged_at,shipped_at,lead_time_hours,pending_hours,waived_by,waiver_reason,waived_until,missing,customers,customer_count,kpi_reviews_due,changes",
    );
    expect(lines).toHaveLength(8); // header, 6 items, trailing empty string
    expect(csv.endsWith("\r\n")).toBe(true);
    const rows = parseCsv(csv);
    const waived = rows.find((r) => r[4] === "waived")!;
    expect(waived.slice(14, 17)).toEqual(["maria", "Config-only change", "2026-04-30"]);
    const pending = rows.find((r) => r[4] === "pending")!;
    expect(pending[18]).toBe("Globex; customer:8812");
    expect(pending[13]).toBe("504");
  });

  it("quotes commas, quotes and line breaks so they read back unchanged", () => {
    const title = 'Export "large" reports, again\nand again\r\nfor real';
    const csv = renderReportCsv(modelOf([pendingItem(9, "2026-03-30T00:00:00Z", { title })]));
    expect(csv).toContain('"Export ""large"" reports, again\nand again\r\nfor real"');
    const rows = parseCsv(csv);
    expect(rows).toHaveLength(2);
    expect(rows[1]![2]).toBe(title);
  });

  it("defuses cells a spreadsheet would run as formulas", () => {
    expect(csvField('=HYPERLINK("http://evil","x")')).toBe('"\'=HYPERLINK(""http://evil"",""x"")"');
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("-12.5")).toBe("-12.5"); // a plain number stays a number
    expect(csvField("plain")).toBe("plain");
  });

  it("leaves customer names out when the model hides them", () => {
    const rows = parseCsv(renderReportCsv(everyClassModel({ customersHidden: true })));
    const pending = rows.find((r) => r[4] === "pending")!;
    expect(pending.slice(18, 20)).toEqual(["", "2"]);
    expect(rows.flat().join(" ")).not.toMatch(/Globex|Acme|8812/);
  });
});
