//! Files, directories, standard input, format recognition and bad inputs.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use dateline_ingest::{ErrorKind, ReadOptions, read_inputs, read_reader};
use dateline_types::PageKind;

use crate::warcgen::{gzip, html_response, plain};
use crate::{read_all, read_with, summary, write};

const HTML: &str =
    "<!DOCTYPE html><html><body><p>Tashkent, Uzbekistan – A release.</p></body></html>";

#[test]
fn walks_directories_sorted_skipping_hidden_and_unknown_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "in/b.html", HTML);
    write(root, "in/a/z.htm", HTML);
    write(root, "in/a/page", HTML); // no extension: sniffed
    write(
        root,
        "in/c.txt",
        "Who we are\nNews\nA headline\nA headline\nBody text.",
    );
    write(root, "in/d.html.gz", gzip(HTML.as_bytes()));
    write(
        root,
        "in/e.warc",
        plain(&[html_response("https://e.example/", HTML)]).0,
    );
    write(root, "in/.hidden.html", HTML);
    write(root, "in/.git/config", "x");
    write(root, "in/README.md", "# notes");
    write(root, "in/logo.png", b"\x89PNG\r\n\x1a\n");
    let (items, inputs) = read_all(&[&root.join("in")]);
    insta::assert_snapshot!(summary(&items, &inputs, root));
}

#[test]
fn keeps_the_order_of_the_inputs_given() {
    let dir = tempfile::tempdir().unwrap();
    let b = write(dir.path(), "b.html", HTML);
    let a = write(dir.path(), "a.html", HTML);
    let (items, _) = read_all(&[&b, &a, &b]);
    let names: Vec<_> = items
        .iter()
        .map(|i| {
            i.as_ref()
                .unwrap()
                .source
                .origin
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(names, ["b.html", "a.html", "b.html"]);
}

#[test]
fn origin_is_the_path_as_given_joined_with_the_path_inside() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "site/news/x.html", HTML);
    let given = dir.path().join("site");
    let (items, _) = read_all(&[&given]);
    let page = items[0].as_ref().unwrap();
    assert_eq!(
        page.source.origin,
        format!("{}/news/x.html", given.display())
    );
    assert_eq!(page.source.label(), page.source.origin);
}

#[test]
fn recognises_formats_by_content_when_names_say_nothing_or_lie() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let warc = plain(&[html_response("https://w.example/", HTML)]).0;
    let inputs = [
        write(root, "html-no-ext", HTML),
        write(root, "gz-no-ext", gzip(HTML.as_bytes())),
        write(root, "warc-no-ext", &warc),
        write(root, "warc-named-html.html", &warc),
        write(root, "warc-gz.data", gzip(&warc)),
        write(
            root,
            "jsonl-no-ext",
            "{\"url\": \"https://j.example/\", \"text\": \"Body\"}\n",
        ),
        write(root, "html-in.txt", HTML),
        write(root, "dump-no-ext", "Who we are\nA headline\nBody."),
        write(
            root,
            "binary.dat",
            b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0>\0",
        ),
    ];
    let paths: Vec<&Path> = inputs.iter().map(|p| p.as_path()).collect();
    let (items, inputs) = read_all(&paths);
    insta::assert_snapshot!(summary(&items, &inputs, root));
}

#[test]
fn bad_inputs_are_clear_errors_and_reading_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let cut = gzip(HTML.as_bytes());
    let inputs = [
        write(root, "empty.html", ""),
        write(root, "not-gzip.html.gz", HTML),
        write(root, "cut.html.gz", &cut[..cut.len() / 2]),
        write(root, "empty.html.gz", gzip(b"")),
        write(root, "corrupt.html.gz", {
            let mut c = cut.clone();
            for b in &mut c[10..30] {
                *b = 0xff;
            }
            c
        }),
        root.join("missing.html"),
        write(
            root,
            "big.html",
            format!("<html>{}</html>", "x".repeat(5000)),
        ),
        write(
            root,
            "big.html.gz",
            gzip(format!("<html>{}</html>", "x".repeat(5000)).as_bytes()),
        ),
        write(root, "ok.html", HTML),
    ];
    let paths: Vec<&Path> = inputs.iter().map(|p| p.as_path()).collect();
    let (items, inputs) = read_with(
        &paths,
        ReadOptions {
            max_page_bytes: 1000,
        },
    );
    assert_eq!(items.len(), 9);
    assert!(items[8].is_ok());
    let err = items[0].as_ref().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NoPage);
    assert_eq!(
        err.to_string(),
        format!("`{}`: the file is empty", root.join("empty.html").display())
    );
    insta::assert_snapshot!(summary(&items, &inputs, root));
}

#[test]
fn an_unreadable_directory_entry_is_an_io_error() {
    let (items, _) = read_all(&[Path::new("/definitely/not/here")]);
    assert_eq!(items.len(), 1);
    let err = items[0].as_ref().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io);
    assert!(
        err.to_string().starts_with("`/definitely/not/here`: "),
        "{err}"
    );
}

#[test]
fn a_dangling_link_in_a_directory_is_an_io_error_and_the_walk_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "site/a.html", HTML);
    write(dir.path(), "site/c.html", HTML);
    std::os::unix::fs::symlink(
        dir.path().join("nowhere.html"),
        dir.path().join("site/b.html"),
    )
    .unwrap();
    let (items, _) = read_all(&[&dir.path().join("site")]);
    assert_eq!(items.len(), 3);
    assert!(items[0].is_ok() && items[2].is_ok());
    let err = items[1].as_ref().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io);
    assert!(err.origin.ends_with("site/b.html"), "{err}");
}

#[test]
fn inputs_can_move_to_another_thread() {
    fn assert_send<T: Send>(_: &T) {}
    let inputs = read_inputs(vec![], ReadOptions::default());
    assert_send(&inputs);
}

#[test]
fn reads_a_stream_like_standard_input() {
    let mut inputs = read_reader(
        "-",
        std::io::Cursor::new(gzip(HTML.as_bytes())),
        ReadOptions::default(),
    );
    let page = inputs.next().unwrap().unwrap();
    assert_eq!(page.bytes, HTML.as_bytes());
    assert_eq!(page.source.origin, "-");
    assert!(inputs.next().is_none());
}

/// Runs in a child process that the test below starts with a page on its standard input.
#[test]
#[ignore = "run by reads_standard_input in a child process"]
fn stdin_child() {
    if std::env::var_os("DATELINE_STDIN_CHILD").is_none() {
        return;
    }
    for item in read_inputs(vec!["-".into()], ReadOptions::default()) {
        match item {
            Ok(page) => println!(
                "CHILD page {} {:?} {}",
                page.source.origin,
                page.kind,
                page.bytes.len()
            ),
            Err(e) => println!("CHILD error {e}"),
        }
    }
}

#[test]
fn reads_standard_input() {
    let run = |input: &[u8]| {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "inputs::stdin_child",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("DATELINE_STDIN_CHILD", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        let out = child.wait_with_output().unwrap();
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.find("CHILD").map(|i| &l[i..]))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        run(HTML.as_bytes()),
        format!("CHILD page - Html {}", HTML.len())
    );
    assert_eq!(run(b"Line one\nLine two\n"), "CHILD page - Text 18");
    assert_eq!(run(b""), "CHILD error `-`: standard input is empty");
    let warc = plain(&[html_response("https://s.example/", HTML)]).0;
    assert_eq!(
        run(&gzip(&warc)),
        format!("CHILD page - Html {}", HTML.len())
    );
}

#[test]
fn reads_the_shared_seed_dumps_as_text_pages() {
    let seeds = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/seeds"
    ));
    if !seeds.is_dir() {
        eprintln!("skipped: {} is absent", seeds.display());
        return;
    }
    let (items, inputs) = read_all(&[seeds]);
    assert_eq!(items.len(), 5);
    for item in &items {
        let page = item.as_ref().unwrap();
        assert_eq!(page.kind, PageKind::Text);
        assert!(page.bytes.len() > 1000);
    }
    assert!(inputs.skipped().is_empty());
}

#[test]
fn reads_the_bundled_examples() {
    let examples = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples"));
    if !examples.is_dir() {
        eprintln!("skipped: {} is absent", examples.display());
        return;
    }
    let (items, inputs) = read_all(&[examples]);
    let root = examples.parent().unwrap();
    for item in &items {
        assert!(item.is_ok(), "{item:?}");
    }
    insta::assert_snapshot!(summary(&items, &inputs, root));
}
