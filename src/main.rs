fn main() {
    std::process::exit(streamlint::cli::main());
}
