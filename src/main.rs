fn main() {
    tls_panel::mount();
}
