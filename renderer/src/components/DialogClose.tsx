// The ✕ in a dialog's corner: every dialog can be closed with the mouse as well as Esc.
import * as Dialog from '@radix-ui/react-dialog';

export function DialogClose({ label = 'Close' }: { label?: string }) {
  return (
    <Dialog.Close asChild>
      <button type="button" className="dialog-close" aria-label={label}><span aria-hidden="true">✕</span></button>
    </Dialog.Close>
  );
}
