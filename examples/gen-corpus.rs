//! Generate a deterministic corpus of synthetic transcriptions for benchmarks.
//!
//! `cargo run --release --example gen-corpus -- --files 2000 --out /tmp/corpus`
//! `cargo run --release --example gen-corpus -- --single-mb 200 --out /tmp/big` (one
//! document in one romanization system, as a large volume is)
//!
//! Each file has a date heading, a title, a Citation, a Summary, Original Language and
//! Contents, then 10–60 paragraphs of translated conversation with names in several
//! romanization systems, quotations, and about one defect of each family every few files.

use std::fmt::Write as _;
use std::path::PathBuf;

#[path = "common/prose.rs"]
mod prose;
use prose::WORDS;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const PINYIN: &[&str] = &[
    "Mao Zedong",
    "Zhou Enlai",
    "Liu Shaoqi",
    "Zhu De",
    "the Guomindang",
    "Chongqing",
    "Tianjin",
    "Nanjing",
    "Yan'an",
    "Gao Gang",
    "Chen Yun",
    "Shanghai",
];
const WADE: &[&str] = &[
    "Mao Tse-tung",
    "Chou En-lai",
    "Liu Shao-ch'i",
    "Chu Teh",
    "the Kuomintang",
    "Chungking",
    "Tientsin",
    "Nanking",
    "Yenan",
    "Kao Kang",
    "Ch'en Yun",
    "Shanghai",
];
const SOVIET: &[&str] = &[
    "Roshchin",
    "Petrov",
    "Molotov",
    "Vyshinsky",
    "Yudin",
    "Fedorenko",
    "Kovalev",
    "Stalin",
];
const DEFECTS: &[&str] = &[
    "he said \"we will not agree",
    "the the delegation",
    "the goverment replied",
    "the GMDâ€™s answer",
    "the ofﬁcial communiqué",
    "inter-\nnational control",
    "the C0mmunist side",
    "(as was agreed",
    "the Zhou\u{200B} Enlai remark",
];

fn sentence(r: &mut Rng, names: &[&str]) -> String {
    let mut s = String::new();
    let n = 8 + r.below(18);
    let mut last = "";
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        let mut w = if r.below(9) == 0 {
            r.pick(names)
        } else if r.below(15) == 0 {
            r.pick(SOVIET)
        } else {
            r.pick(WORDS)
        };
        // Prose does not double its words (the defects below do, on purpose).
        while w == last {
            w = r.pick(WORDS);
        }
        last = w;
        s.push_str(w);
    }
    let mut c = s.chars();
    let first = c
        .next()
        .map(|f| f.to_uppercase().collect::<String>())
        .unwrap_or_default();
    format!("{first}{}.", c.as_str())
}

/// One document; `system` fixes its romanization (a volume keeps one), else a third of the
/// documents are in Wade-Giles.
fn document(r: &mut Rng, i: usize, system: Option<&'static [&'static str]>) -> String {
    let drawn = if r.below(3) == 0 { WADE } else { PINYIN };
    let names = system.unwrap_or(drawn);
    let day = 1 + r.below(28);
    let year = 1945 + r.below(10);
    let title = format!(
        "Record of Conversation between {} and {}",
        r.pick(SOVIET),
        names[r.below(4)]
    );
    let mut d = String::new();
    let _ = write!(
        d,
        "# September {day}, {year}\n\n## {title}\n\n### Citation:\n\n\"{title}\", September {day}, {year}, Wilson Center Digital Archive, AVPRF, f. 0100, op. {}, d. {}, ll. {}-{}. Translated by Anna Petrova. https://digitalarchive.wilsoncenter.org/document/{}\n\n### Summary:\n\n{}\n\n### Original Language:\n\nRussian\n\n### Contents:\n\n",
        30 + r.below(20),
        1 + r.below(40),
        10 + r.below(100),
        120 + r.below(100),
        100_000 + i,
        sentence(r, names)
    );
    let paragraphs = 10 + r.below(50);
    for p in 0..paragraphs {
        let mut para = String::new();
        for k in 0..(2 + r.below(6)) {
            if k > 0 {
                para.push(' ');
            }
            if r.below(4) == 0 {
                let _ = write!(
                    para,
                    "\"{}\" {} said.",
                    sentence(r, names).trim_end_matches('.'),
                    r.pick(names)
                );
            } else {
                para.push_str(&sentence(r, names));
            }
        }
        // About one defect of each family every few files.
        if p == 3 && r.below(3) == 0 {
            let _ = write!(para, " Then {} and more.", r.pick(DEFECTS));
        }
        if p == 5 && r.below(4) == 0 {
            para.push_str(" The talks went on until");
            d.push_str(&para);
            d.push_str("\n\nthe evening.\n\n");
            continue;
        }
        d.push_str(&para);
        d.push_str("\n\n");
    }
    d
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let get = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let out = PathBuf::from(get("--out").unwrap_or_else(|| "corpus".to_owned()));
    let files: usize = get("--files").and_then(|v| v.parse().ok()).unwrap_or(0);
    let single_mb: usize = get("--single-mb").and_then(|v| v.parse().ok()).unwrap_or(0);
    std::fs::create_dir_all(&out).expect("create the output folder");
    let mut r = Rng(0x2545_F491_4F6C_DD1D);
    let mut bytes = 0usize;
    for i in 0..files {
        let d = document(&mut r, i, None);
        bytes += d.len();
        let dir = out.join(format!("{:03}", i / 500));
        std::fs::create_dir_all(&dir).expect("create a subfolder");
        std::fs::write(dir.join(format!("doc-{i:06}.md")), d).expect("write a file");
    }
    if single_mb > 0 {
        let mut big = String::with_capacity(single_mb << 20);
        let mut i = 0;
        while big.len() < single_mb << 20 {
            // One long document, like a volume of transcriptions: one romanization
            // system throughout, the first heading block, then only bodies.
            let d = document(&mut r, i, Some(PINYIN));
            let body = if i == 0 {
                d.as_str()
            } else {
                d.split("### Contents:\n\n").nth(1).unwrap_or("")
            };
            big.push_str(body);
            i += 1;
        }
        bytes += big.len();
        std::fs::write(out.join("single.md"), big).expect("write the single file");
    }
    eprintln!(
        "wrote {files} files{} ({:.1} MB) to {}",
        if single_mb > 0 { " and single.md" } else { "" },
        bytes as f64 / 1048576.0,
        out.display()
    );
}
