//! Reading a browser `File` into memory with `FileReader`.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{File, FileReader, ProgressEvent};

use crate::loaded_file::{LoadedFile, MAX_FILE_BYTES, human_size};

/// A read in progress. Dropping it aborts the read, so a file that was
/// replaced before it finished never lands in the slot.
pub struct PendingRead {
    reader: FileReader,
    _on_load: Closure<dyn FnMut(ProgressEvent)>,
    _on_error: Closure<dyn FnMut(ProgressEvent)>,
}

impl Drop for PendingRead {
    fn drop(&mut self) {
        if self.reader.ready_state() == FileReader::LOADING {
            self.reader.abort();
        }
        self.reader.set_onload(None);
        self.reader.set_onerror(None);
    }
}

/// Starts reading `file` and calls `on_done` once with its bytes or with a
/// message for the operator. Files over `MAX_FILE_BYTES` are refused before
/// reading.
pub fn read_file(
    file: &File,
    on_done: impl FnOnce(Result<LoadedFile, String>) + 'static,
) -> Option<PendingRead> {
    let name = file.name();
    let size = file.size() as u64;
    if size > MAX_FILE_BYTES {
        on_done(Err(format!(
            "{name} is {}, far larger than a certificate or key. Choose the PEM file instead.",
            human_size(size)
        )));
        return None;
    }
    let Ok(reader) = FileReader::new() else {
        on_done(Err(
            "This browser cannot read files. Use a current browser.".to_owned(),
        ));
        return None;
    };

    let on_done = std::rc::Rc::new(std::cell::RefCell::new(Some(on_done)));
    let finish = {
        let on_done = on_done.clone();
        move |result: Result<LoadedFile, String>| {
            if let Some(callback) = on_done.borrow_mut().take() {
                callback(result);
            }
        }
    };
    let fail_to_start = finish.clone();
    let on_load = {
        let finish = finish.clone();
        let name = name.clone();
        Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
            let buffer = event
                .target()
                .and_then(|target| target.dyn_into::<FileReader>().ok())
                .and_then(|reader| reader.result().ok());
            let result = match buffer {
                Some(buffer) => {
                    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                    Ok(LoadedFile {
                        name: name.clone(),
                        size: bytes.len() as u64,
                        bytes,
                    })
                }
                None => Err(format!("{name} could not be read. Choose it again.")),
            };
            finish.clone()(result);
        })
    };
    let on_error = {
        let name = name.clone();
        Closure::<dyn FnMut(ProgressEvent)>::new(move |_event: ProgressEvent| {
            finish.clone()(Err(format!(
                "{name} could not be read. It may have been moved or deleted; choose it again."
            )));
        })
    };
    reader.set_onload(Some(on_load.as_ref().unchecked_ref()));
    reader.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    if reader.read_as_array_buffer(file).is_err() {
        fail_to_start(Err(format!("{name} could not be read. Choose it again.")));
        return None;
    }
    Some(PendingRead {
        reader,
        _on_load: on_load,
        _on_error: on_error,
    })
}

/// Reads several files at once and calls `on_done` once all are read, with
/// the files that could be read, in their original order, and a message for
/// each one that could not.
pub fn read_files(
    files: Vec<File>,
    on_done: impl FnOnce(Vec<LoadedFile>, Vec<String>) + 'static,
) -> Vec<PendingRead> {
    type Results = Vec<Option<Result<LoadedFile, String>>>;
    let total = files.len();
    let results: std::rc::Rc<std::cell::RefCell<Results>> =
        std::rc::Rc::new(std::cell::RefCell::new(vec![None; total]));
    let on_done = std::rc::Rc::new(std::cell::RefCell::new(Some(on_done)));
    let finish_one = {
        let results = results.clone();
        move |index: usize, result: Result<LoadedFile, String>| {
            results.borrow_mut()[index] = Some(result);
            if results.borrow().iter().all(Option::is_some) {
                let (mut loaded, mut problems) = (Vec::new(), Vec::new());
                for result in results.borrow_mut().drain(..).flatten() {
                    match result {
                        Ok(file) => loaded.push(file),
                        Err(message) => problems.push(message),
                    }
                }
                if let Some(callback) = on_done.borrow_mut().take() {
                    callback(loaded, problems);
                }
            }
        }
    };
    files
        .iter()
        .enumerate()
        .filter_map(|(index, file)| {
            let finish_one = finish_one.clone();
            read_file(file, move |result| finish_one(index, result))
        })
        .collect()
}
