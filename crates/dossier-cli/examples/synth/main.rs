//! `cargo run -p dossier-cli --example synth -- N DIR` writes N synthetic
//! trade briefings under `DIR/reports/`, ready for `dossier build`.

mod generate;

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir)) = (args.first(), args.get(1)) else {
        eprintln!("usage: synth N DIR");
        return std::process::ExitCode::from(2);
    };
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("synth: N must be a whole number, got {n:?}");
        return std::process::ExitCode::from(2);
    };
    match generate::generate(std::path::Path::new(dir), n) {
        Ok(()) => {
            println!("wrote {n} reports under {dir}/reports");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("synth: {dir}: {e}");
            std::process::ExitCode::from(1)
        }
    }
}
