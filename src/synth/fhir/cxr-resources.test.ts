import { createHash } from 'node:crypto';
import { generateAdmission } from '../admission/generate-admission';
import { cxrResources } from './cxr-resources';

describe('cxrResources', () => {
  it.each(['dicom', 'png'] as const)(
    'sets attachment.size and attachment.hash (base64 SHA-1) of the %s Binary it points to',
    (format) => {
      const admission = generateAdmission(21, 0, { allModalities: true });

      const [, document, binary] = cxrResources(admission, format);

      // Expected from the Binary's own base64 data, decoded and hashed here (R4 Attachment: hash = base64 SHA-1).
      const bytes = Buffer.from(binary?.data ?? '', 'base64');
      const attachment = document?.content[0]?.attachment;
      expect(bytes.length).toBeGreaterThan(1000);
      expect(attachment?.size).toBe(bytes.length);
      expect(attachment?.hash).toBe(createHash('sha1').update(bytes).digest('base64'));
    },
  );
});
