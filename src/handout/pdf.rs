//! The take-home sheet as a PDF: one page (more only if the content does not fit), in large
//! type, with the zone bar and the drinks picture drawn as vector shapes.
//!
//! Written with `pdf-writer` (typst's typed PDF object writer). The font is egui's own Ubuntu
//! Light (the `epaint_default_fonts` crate; Ubuntu Font Licence 1.0, which allows embedding in
//! documents), embedded whole as a CID-keyed TrueType font with a `ToUnicode` map, so the text
//! can be selected, searched and read aloud. Bold is drawn as filled and stroked text (the
//! font has one weight). Glyphs and widths come from `skrifa`, the font reader egui uses.

use pdf_writer::types::{FontFlags, SystemInfo, TextRenderingMode, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish as _, Name, Pdf, Rect, Ref, Str};
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider as _};

use super::{Block, HandoutError, Section, Sheet};
use crate::feedback::{DrinkScale, ZoneScale};
use crate::protocol::{Paper, RiskLevel};

const FONT: &[u8] = epaint_default_fonts::UBUNTU_LIGHT;
const FONT_NAME: Name<'static> = Name(b"F1");

/// Type sizes in points: large, for reading at arm's length.
const TITLE: f32 = 20.0;
const HEADING: f32 = 14.0;
const BODY: f32 = 12.0;
const LABEL: f32 = 10.0;
const SMALL: f32 = 8.0;
const MARGIN: f32 = 40.0;
/// Line height, as a multiple of the type size.
const LEAD: f32 = 1.22;

/// Zone colours by risk (green, amber, red), and a grey for a zone without a risk level.
fn risk_rgb(risk: Option<RiskLevel>) -> (f32, f32, f32) {
    match risk {
        Some(RiskLevel::Low) => (0.30, 0.66, 0.38),
        Some(RiskLevel::Moderate) => (0.95, 0.70, 0.22),
        Some(RiskLevel::High) => (0.82, 0.27, 0.22),
        None => (0.65, 0.65, 0.65),
    }
}

/// The font's glyphs and widths, and the characters used (for the `ToUnicode` map).
struct Face<'a> {
    font: FontRef<'a>,
    units: f32,
    used: std::collections::BTreeMap<u16, char>,
}

impl Face<'_> {
    fn new() -> Result<Self, HandoutError> {
        let font = FontRef::new(FONT).map_err(|e| HandoutError::Pdf(format!("font: {e}")))?;
        let units = f32::from(
            font.metrics(Size::unscaled(), LocationRef::default())
                .units_per_em
                .max(1),
        );
        Ok(Self {
            font,
            units,
            used: std::collections::BTreeMap::new(),
        })
    }

    /// The glyph of a character (the font's "?" when it has none, so nothing vanishes).
    fn glyph(&self, c: char) -> u16 {
        let map = self.font.charmap();
        map.map(c)
            .or_else(|| map.map('?'))
            .map_or(0, |g| u16::try_from(g.to_u32()).unwrap_or(0))
    }

    /// A glyph's advance in thousandths of the font size.
    fn advance(&self, glyph: u16) -> f32 {
        let metrics = self
            .font
            .glyph_metrics(Size::unscaled(), LocationRef::default());
        metrics
            .advance_width(skrifa::GlyphId::new(u32::from(glyph)))
            .unwrap_or(0.0)
            * 1000.0
            / self.units
    }

    /// The width of `text` at `size` points.
    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars()
            .map(|c| self.advance(self.glyph(c)))
            .sum::<f32>()
            * size
            / 1000.0
    }

    /// `text` as the 2-byte glyph codes of the content stream, remembering what each glyph
    /// stands for.
    fn encode(&mut self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let g = self.glyph(c);
            self.used.entry(g).or_insert(c);
            out.extend_from_slice(&g.to_be_bytes());
        }
        out
    }

    /// `text` broken into lines no wider than `width` at `size` (at spaces; a word wider than
    /// the line is broken where it must be).
    fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if self.width(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let mut rest = word.to_owned();
            while self.width(&rest, size) > width {
                let mut cut = String::new();
                for c in rest.chars() {
                    if self.width(&format!("{cut}{c}"), size) > width && !cut.is_empty() {
                        break;
                    }
                    cut.push(c);
                }
                rest.drain(..cut.len());
                lines.push(cut);
            }
            line = rest;
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// Lays out the sheet page by page.
struct Layout<'f, 'a> {
    face: &'f mut Face<'a>,
    pages: Vec<Content>,
    page: Content,
    y: f32,
    /// The left edge and width of the column being filled.
    x: f32,
    column: f32,
    height: f32,
    /// Type sizes are multiplied by this (below 1 only to keep the sheet on one page).
    scale: f32,
}

impl Layout<'_, '_> {
    /// A type size at this layout's scale.
    fn k(&self, size: f32) -> f32 {
        size * self.scale
    }

    fn left(&self) -> f32 {
        self.x
    }

    fn line_width(&self) -> f32 {
        self.column
    }

    /// Starts a new page when less than `needed` points are left.
    fn room(&mut self, needed: f32) {
        if self.y - needed < MARGIN {
            let full = std::mem::replace(&mut self.page, Content::new());
            self.pages.push(full);
            self.y = self.height - MARGIN;
        }
    }

    fn text_at(&mut self, x: f32, y: f32, text: &str, size: f32, bold: bool) {
        let code = self.face.encode(text);
        let c = &mut self.page;
        c.begin_text();
        c.set_font(FONT_NAME, size);
        if bold {
            c.set_text_rendering_mode(TextRenderingMode::FillStroke);
            c.set_line_width(size * 0.045);
        } else {
            // Ubuntu Light, thickened a little for print.
            c.set_text_rendering_mode(TextRenderingMode::FillStroke);
            c.set_line_width(size * 0.012);
        }
        c.next_line(x, y);
        c.show(Str(&code));
        c.end_text();
    }

    /// A wrapped paragraph at `indent` from the left margin.
    fn paragraph(&mut self, text: &str, size: f32, bold: bool, indent: f32, gap: f32) {
        let lead = size * LEAD;
        let lines = self.face.wrap(text, size, self.line_width() - indent);
        for line in lines {
            self.room(lead);
            self.y -= lead;
            let x = self.left() + indent;
            self.text_at(x, self.y + size * 0.25, &line, size, bold);
        }
        self.y -= gap;
    }

    fn fill_rgb(&mut self, (r, g, b): (f32, f32, f32)) {
        self.page.set_fill_rgb(r, g, b);
        self.page.set_stroke_rgb(r, g, b);
    }

    fn black(&mut self) {
        self.page.set_fill_gray(0.0);
        self.page.set_stroke_gray(0.0);
    }

    /// The zones as a bar, each labelled above, the score marked by a triangle and its number.
    fn zones(&mut self, scale: &ZoneScale, labels: &[String]) {
        let height = 18.0;
        self.room(self.k(LABEL) * 1.5 + height + 32.0 + self.k(LABEL) * 1.4);
        let (x0, w) = (self.left(), self.line_width());
        self.y -= self.k(LABEL) * 1.6;
        let label_y = self.y;
        // Room between the labels and the bar for the marker and the score.
        self.y -= 16.0;
        let bar_top = self.y;
        let bar_y = bar_top - height;
        for (seg, label) in scale.segments.iter().zip(labels) {
            let (a, b) = scale.span(seg);
            let (sx, sw) = (x0 + a * w, (b - a) * w);
            self.fill_rgb(risk_rgb(seg.risk));
            self.page.rect(sx, bar_y, sw, height);
            self.page.fill_nonzero();
            self.black();
            let mut text = label.clone();
            while !text.is_empty() && self.face.width(&text, self.k(LABEL)) > sw - 2.0 {
                text.pop();
            }
            let tw = self.face.width(&text, self.k(LABEL));
            self.text_at(sx + (sw - tw) / 2.0, label_y, &text, self.k(LABEL), false);
            let range = crate::feedback::range_words((seg.min, Some(seg.max)));
            let rw = self.face.width(&range, self.k(LABEL));
            self.text_at(
                sx + (sw - rw) / 2.0,
                bar_y - self.k(LABEL) * 1.2,
                &range,
                self.k(LABEL),
                false,
            );
        }
        // Segment borders in white, so neighbouring zones read apart.
        self.page.set_stroke_gray(1.0);
        self.page.set_line_width(1.5);
        for seg in scale.segments.iter().skip(1) {
            let (a, _) = scale.span(seg);
            self.page.move_to(x0 + a * w, bar_y);
            self.page.line_to(x0 + a * w, bar_top);
            self.page.stroke();
        }
        // The marker: a triangle pointing down at the score, with the score in it.
        let mx = x0 + scale.position(scale.score) * w;
        self.black();
        self.page.set_line_width(2.5);
        self.page.move_to(mx, bar_y - 2.0);
        self.page.line_to(mx, bar_top + 2.0);
        self.page.stroke();
        self.page.move_to(mx - 7.0, bar_top + 11.0);
        self.page.line_to(mx + 7.0, bar_top + 11.0);
        self.page.line_to(mx, bar_top + 1.0);
        self.page.close_path();
        self.page.fill_nonzero();
        let score = scale.score.to_string();
        let sw = self.face.width(&score, self.k(LABEL));
        self.text_at(mx + 9.0, bar_top + 3.0, &score, self.k(LABEL), true);
        let _ = sw;
        self.y = bar_y - self.k(LABEL) * 1.6 - 6.0;
    }

    /// Drinks a week on a scale: the estimate as a band, the weekly limit as a line.
    fn drinks(&mut self, scale: &DrinkScale, [you, limit]: &[String; 2]) {
        let height = 18.0;
        self.room(self.k(LABEL) * 1.6 + height + self.k(LABEL) * 3.0 + 8.0);
        // Room at both ends for the first and last tick's number.
        let pad = self.k(SMALL);
        let (x0, w) = (self.left() + pad, self.line_width() - 2.0 * pad);
        self.y -= self.k(LABEL) * 1.7;
        let label_y = self.y;
        self.y -= 8.0;
        let bar_top = self.y;
        let bar_y = bar_top - height;
        self.page.set_fill_gray(0.9);
        self.page.rect(x0, bar_y, w, height);
        self.page.fill_nonzero();
        let lo = scale.position(scale.week.0);
        let hi = scale.week.1.map_or(1.0, |h| scale.position(h));
        let colour = risk_rgb(Some(scale.risk()));
        self.fill_rgb(colour);
        let band = (hi - lo).max(0.012) * w;
        self.page.rect(x0 + lo * w, bar_y + 3.0, band, height - 6.0);
        self.page.fill_nonzero();
        self.black();
        let tw = self.face.width(you, self.k(LABEL));
        let tx = (x0 + lo * w).min(x0 + w - tw);
        self.text_at(tx, label_y, you, self.k(LABEL), true);
        // The limit line and its number.
        let lx = x0 + scale.position(scale.limit) * w;
        self.page.set_line_width(3.0);
        self.page.move_to(lx, bar_y - 4.0);
        self.page.line_to(lx, bar_top + 4.0);
        self.page.stroke();
        let lw = self.face.width(limit, self.k(LABEL));
        self.text_at(
            lx - lw / 2.0,
            bar_y - self.k(LABEL) * 1.3,
            limit,
            self.k(LABEL),
            true,
        );
        // Ticks at 0 and each multiple of the weekly limit, numbered (the limit has its own).
        self.page.set_line_width(0.6);
        for tick in scale.ticks() {
            let x = x0 + scale.position(tick) * w;
            self.page.move_to(x, bar_y);
            self.page.line_to(x, bar_y - 3.0);
            self.page.stroke();
            if tick != scale.limit {
                let t = tick.to_string();
                let tw = self.face.width(&t, self.k(SMALL));
                self.text_at(
                    x - tw / 2.0,
                    bar_y - self.k(LABEL) * 1.3,
                    &t,
                    self.k(SMALL),
                    false,
                );
            }
        }
        self.y = bar_y - self.k(LABEL) * 2.0 - 6.0;
    }

    /// Blocks in two columns, the first half on the left (each block kept whole).
    fn columns(&mut self, blocks: &[Block]) {
        let (x, width) = (self.x, self.column);
        let gap = 16.0;
        let half = (width - gap) / 2.0;
        let split = blocks.len().div_ceil(2);
        let needed = [&blocks[..split], &blocks[split..]]
            .into_iter()
            .map(|part| part.iter().map(|b| self.measure(b, half)).sum::<f32>())
            .fold(0.0, f32::max);
        self.room(needed);
        let top = self.y;
        self.column = half;
        let mut bottom = top;
        for (i, part) in [&blocks[..split], &blocks[split..]].into_iter().enumerate() {
            self.x = x + i as f32 * (half + gap);
            self.y = top;
            for block in part {
                self.block(block, 0.0);
            }
            bottom = bottom.min(self.y);
        }
        self.x = x;
        self.column = width;
        self.y = bottom;
    }

    /// The height a text block takes in a column of `width` (pictures are not measured: they
    /// are never put in columns).
    fn measure(&self, block: &Block, width: f32) -> f32 {
        let lines = |text: &str, w: f32| self.face.wrap(text, self.k(BODY), w).len() as f32;
        match block {
            Block::Text(t) | Block::Strong(t) => lines(t, width) * self.k(BODY) * LEAD + 3.0,
            Block::Bullet(t) => lines(t, width - 14.0) * self.k(BODY) * LEAD + 1.0,
            Block::Zones(..) | Block::Drinks(..) => 0.0,
        }
    }

    fn block(&mut self, block: &Block, indent: f32) {
        match block {
            Block::Text(t) => self.paragraph(t, self.k(BODY), false, indent, 3.0),
            Block::Strong(t) => self.paragraph(t, self.k(BODY), true, indent, 3.0),
            Block::Bullet(t) => {
                let lead = self.k(BODY) * LEAD;
                self.room(lead);
                let bx = self.left() + indent + 2.0;
                self.text_at(
                    bx,
                    self.y - lead + self.k(BODY) * 0.25,
                    "•",
                    self.k(BODY),
                    true,
                );
                self.paragraph(t, self.k(BODY), false, indent + 14.0, 1.0);
            }
            Block::Zones(scale, labels) => self.zones(scale, labels),
            Block::Drinks(scale, labels) => self.drinks(scale, labels),
        }
    }

    /// True when two sections are plain text, short enough to share the width.
    fn side_by_side(a: &Section, b: &Section) -> bool {
        let plain = |s: &Section| {
            !s.boxed
                && !s.two_columns
                && s.blocks.len() <= 2
                && s.blocks
                    .iter()
                    .all(|b| matches!(b, Block::Text(_) | Block::Strong(_) | Block::Bullet(_)))
        };
        plain(a) && plain(b)
    }

    /// Two sections in two columns, each with its heading.
    fn pair(&mut self, a: &Section, b: &Section) {
        let (x, width) = (self.x, self.column);
        let gap = 16.0;
        let half = (width - gap) / 2.0;
        let height = |s: &Section| {
            self.k(HEADING) * LEAD * 1.3
                + s.blocks.iter().map(|b| self.measure(b, half)).sum::<f32>()
        };
        let needed = height(a).max(height(b)) + 10.0;
        self.room(needed);
        let top = self.y;
        let mut bottom = top;
        self.column = half;
        for (i, s) in [a, b].into_iter().enumerate() {
            self.x = x + i as f32 * (half + gap);
            self.y = top;
            self.section(s);
            bottom = bottom.min(self.y);
        }
        self.x = x;
        self.column = width;
        self.y = bottom;
    }

    fn section(&mut self, section: &Section) {
        let first_need = if section.two_columns {
            let half = (self.column - 16.0) / 2.0;
            let split = section.blocks.len().div_ceil(2);
            let tallest = [&section.blocks[..split], &section.blocks[split..]]
                .into_iter()
                .map(|part| part.iter().map(|b| self.measure(b, half)).sum::<f32>())
                .fold(0.0, f32::max);
            self.k(HEADING) * LEAD + 6.0 + tallest
        } else {
            self.k(HEADING) * 1.5 + self.k(BODY) * 2.6
        };
        self.room(first_need);
        let start_y = self.y;
        self.y -= 4.0;
        let indent = if section.boxed { 10.0 } else { 0.0 };
        self.paragraph(&section.heading, self.k(HEADING), true, indent, 2.0);
        if section.two_columns {
            self.columns(&section.blocks);
            self.y -= 4.0;
            return;
        }
        for block in &section.blocks {
            self.block(block, indent);
        }
        if section.boxed {
            // A thick frame round the safety advice (only when it stayed on one page).
            let bottom = self.y - 4.0;
            if bottom < start_y {
                self.fill_rgb(risk_rgb(Some(RiskLevel::High)));
                self.page.set_line_width(2.5);
                self.page.rect(
                    self.left() - 2.0,
                    bottom,
                    self.line_width() + 4.0,
                    start_y - bottom,
                );
                self.page.stroke();
                self.black();
            }
            self.y = bottom - 4.0;
        }
        self.y -= 4.0;
    }
}

/// The sheet as the bytes of a PDF file: on one page in the full type sizes if it fits,
/// else in slightly smaller type (down to 86%), else on as many pages as it needs.
pub fn write(sheet: &Sheet, paper: Paper) -> Result<Vec<u8>, HandoutError> {
    let (width, height) = match paper {
        Paper::A4 => (595.28, 841.89),
        Paper::Letter => (612.0, 792.0),
    };
    let mut face = Face::new()?;
    let mut pages = Vec::new();
    for scale in [1.0, 0.95, 0.9, 0.86, 1.0] {
        face.used.clear();
        pages = lay_out(sheet, &mut face, width, height, scale);
        if pages.len() == 1 {
            break;
        }
    }
    Ok(assemble(&face, pages, width, height))
}

fn lay_out(
    sheet: &Sheet,
    face: &mut Face<'_>,
    width: f32,
    height: f32,
    scale: f32,
) -> Vec<Content> {
    let mut layout = Layout {
        face,
        pages: Vec::new(),
        page: Content::new(),
        y: height - MARGIN,
        x: MARGIN,
        column: width - 2.0 * MARGIN,
        height,
        scale,
    };
    layout.paragraph(&sheet.title, layout.k(TITLE), true, 0.0, 4.0);
    for line in &sheet.lines {
        layout.paragraph(line, layout.k(BODY), false, 0.0, 0.0);
    }
    layout.y -= 4.0;
    let mut i = 0;
    while let Some(section) = sheet.sections.get(i) {
        // Two short text-only sections side by side (the reasons and the next appointment).
        match sheet.sections.get(i + 1) {
            Some(next) if Layout::side_by_side(section, next) => {
                layout.pair(section, next);
                i += 2;
            }
            _ => {
                layout.section(section);
                i += 1;
            }
        }
    }
    layout.y -= 4.0;
    layout.paragraph(&sheet.footer, layout.k(SMALL), false, 0.0, 0.0);
    let last = std::mem::replace(&mut layout.page, Content::new());
    layout.pages.push(last);
    std::mem::take(&mut layout.pages)
}

fn assemble(face: &Face<'_>, pages: Vec<Content>, width: f32, height: f32) -> Vec<u8> {
    let mut next = 0;
    let mut alloc = || {
        next += 1;
        Ref::new(next)
    };
    let (catalog, tree, font, cid, descriptor, file, cmap) = (
        alloc(),
        alloc(),
        alloc(),
        alloc(),
        alloc(),
        alloc(),
        alloc(),
    );
    let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (alloc(), alloc())).collect();
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().map(|(p, _)| *p))
        .count(i32::try_from(page_ids.len()).unwrap_or(1));
    for ((page, content), body) in page_ids.iter().zip(pages) {
        let mut p = pdf.page(*page);
        p.parent(tree)
            .media_box(Rect::new(0.0, 0.0, width, height))
            .contents(*content);
        p.resources().fonts().pair(FONT_NAME, font);
        p.finish();
        let bytes = miniz_oxide::deflate::compress_to_vec_zlib(&body.finish(), 6);
        pdf.stream(*content, &bytes).filter(Filter::FlateDecode);
    }
    let base = Name(b"Ubuntu-Light");
    let system = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    pdf.type0_font(font)
        .base_font(base)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);
    let mut c = pdf.cid_font(cid);
    c.subtype(pdf_writer::types::CidFontType::Type2)
        .base_font(base)
        .system_info(system)
        .font_descriptor(descriptor)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    {
        let mut widths = c.widths();
        for g in face.used.keys() {
            widths.consecutive(*g, [face.advance(*g)]);
        }
    }
    c.finish();
    let metrics = face.font.metrics(Size::unscaled(), LocationRef::default());
    let scale = 1000.0 / face.units;
    let bbox = metrics.bounds.map_or_else(
        || Rect::new(-200.0, -250.0, 1200.0, 950.0),
        |b| {
            Rect::new(
                b.x_min * scale,
                b.y_min * scale,
                b.x_max * scale,
                b.y_max * scale,
            )
        },
    );
    pdf.font_descriptor(descriptor)
        .name(base)
        .flags(FontFlags::NON_SYMBOLIC)
        .bbox(bbox)
        .italic_angle(0.0)
        .ascent(metrics.ascent * scale)
        .descent(metrics.descent * scale)
        .cap_height(metrics.cap_height.unwrap_or(metrics.ascent) * scale)
        .stem_v(80.0)
        .font_file2(file);
    let compressed = miniz_oxide::deflate::compress_to_vec_zlib(FONT, 6);
    pdf.stream(file, &compressed)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), i32::try_from(FONT.len()).unwrap_or(0));
    let mut unicode = UnicodeCmap::new(Name(b"Brief-Identity-UCS"), system);
    for (g, c) in &face.used {
        unicode.pair(*g, *c);
    }
    pdf.cmap(cmap, &unicode.finish());
    pdf.finish()
}
