<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>CashCount</name>
    <message>
        <source>Count the notes in the drawer:</source>
        <translation>Đếm số tờ tiền trong két:</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Mệnh giá</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Số tờ</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>Thành tiền</translation>
    </message>
</context>
<context>
    <name>CatalogScreen</name>
    <message>
        <source>Local products</source>
        <translation>Sản phẩm tại điểm bán</translation>
    </message>
    <message>
        <source>Name, SKU or barcode, then Enter</source>
        <translation>Tên, mã hàng hoặc mã vạch, rồi Enter</translation>
    </message>
    <message>
        <source>New product</source>
        <translation>Sản phẩm mới</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Sản phẩm</translation>
    </message>
    <message>
        <source>Sold by weight (price per kg)</source>
        <translation>Bán theo cân (giá mỗi kg)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>không</translation>
    </message>
    <message>
        <source>Scan or type the product&apos;s own barcode</source>
        <translation>Quét hoặc gõ mã vạch của sản phẩm</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>Mã hàng</translation>
    </message>
    <message>
        <source>Name (Vietnamese)</source>
        <translation>Tên (tiếng Việt)</translation>
    </message>
    <message>
        <source>Name (English)</source>
        <translation>Tên (tiếng Anh)</translation>
    </message>
    <message>
        <source>Price incl. VAT</source>
        <translation>Giá đã gồm VAT</translation>
    </message>
    <message>
        <source>VAT</source>
        <translation>VAT</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Đơn vị</translation>
    </message>
    <message>
        <source>Producer</source>
        <translation>Nhà sản xuất</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Nhóm hàng</translation>
    </message>
    <message>
        <source>OCOP stars</source>
        <translation>Sao OCOP</translation>
    </message>
    <message>
        <source>Low-stock warning at</source>
        <translation>Cảnh báo sắp hết khi còn</translation>
    </message>
    <message>
        <source>Issue in-store barcode</source>
        <translation>Cấp mã vạch nội bộ</translation>
    </message>
    <message>
        <source>Print labels</source>
        <translation>In nhãn</translation>
    </message>
    <message>
        <source>Barcodes</source>
        <translation>Mã vạch</translation>
    </message>
    <message>
        <source>Save product</source>
        <translation>Lưu sản phẩm</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>(chọn)</translation>
    </message>
    <message>
        <source>(no category)</source>
        <translation>(không có nhóm)</translation>
    </message>
    <message>
        <source>local</source>
        <translation>tại điểm bán</translation>
    </message>
    <message>
        <source>central</source>
        <translation>trung tâm</translation>
    </message>
    <message>
        <source>No product matches.</source>
        <translation>Không có sản phẩm nào khớp.</translation>
    </message>
    <message>
        <source>New local product</source>
        <translation>Sản phẩm mới của điểm bán</translation>
    </message>
    <message>
        <source>Local product of this kiosk</source>
        <translation>Sản phẩm riêng của điểm bán này</translation>
    </message>
    <message>
        <source>From the central catalog: changes are made at the centre</source>
        <translation>Thuộc danh mục trung tâm: chỉ sửa được tại trung tâm</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>Bắt buộc.</translation>
    </message>
    <message>
        <source>Enter the price in đồng, e.g. 45.000.</source>
        <translation>Nhập giá bằng đồng, ví dụ 45.000.</translation>
    </message>
    <message>
        <source>Choose the producer.</source>
        <translation>Hãy chọn nhà sản xuất.</translation>
    </message>
    <message>
        <source>Nothing was saved: correct the fields marked in red.</source>
        <translation>Chưa lưu gì: hãy sửa các ô báo đỏ.</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>Đã lưu: %1</translation>
    </message>
    <message>
        <source>Nothing was saved: %1</source>
        <translation>Chưa lưu gì: %1</translation>
    </message>
    <message>
        <source>In-store barcode %1 issued: print labels for the shelf.</source>
        <translation>Đã cấp mã vạch nội bộ %1: hãy in nhãn dán lên kệ.</translation>
    </message>
</context>
<context>
    <name>CertNotice</name>
    <message>
        <source>OCOP certificate expired for %1 products (%2): they still sell, but without their stars on screen, receipts and labels until the certificate is renewed.</source>
        <translation>Chứng nhận OCOP đã hết hạn với %1 sản phẩm (%2): vẫn bán được, nhưng không hiện sao trên màn hình, hóa đơn và nhãn cho đến khi gia hạn chứng nhận.</translation>
    </message>
</context>
<context>
    <name>CountScreen</name>
    <message>
        <source>Stock count</source>
        <translation>Kiểm kê kho</translation>
    </message>
    <message>
        <source>No count is open. Start one, then scan every item on the shelves.</source>
        <translation>Chưa có đợt kiểm kê nào. Hãy bắt đầu, rồi quét từng món trên kệ.</translation>
    </message>
    <message>
        <source>Note (e.g. month-end count, shelf A)</source>
        <translation>Ghi chú (ví dụ: kiểm kê cuối tháng, kệ A)</translation>
    </message>
    <message>
        <source>Start count</source>
        <translation>Bắt đầu kiểm kê</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Sản phẩm</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Dự kiến</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>Đã đếm</translation>
    </message>
    <message>
        <source>Adjustment</source>
        <translation>Điều chỉnh</translation>
    </message>
    <message>
        <source>Scan each item once (every scan adds 1), or correct a number in the list.</source>
        <translation>Quét mỗi món một lần (mỗi lần quét cộng 1), hoặc sửa số trong danh sách.</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>Mã hàng</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Đơn vị</translation>
    </message>
    <message>
        <source>Cancel count</source>
        <translation>Hủy kiểm kê</translation>
    </message>
    <message>
        <source>Press again: throw the count away</source>
        <translation>Nhấn lần nữa: bỏ đợt kiểm kê này</translation>
    </message>
    <message>
        <source>Finish and review</source>
        <translation>Xong, xem chênh lệch</translation>
    </message>
    <message>
        <source>Count in this lot</source>
        <translation>Đếm vào lô này</translation>
    </message>
    <message>
        <source>Each product is counted against what the stock ledger held when it was counted. Sales and returns since then are kept: they change the stock after approval too.</source>
        <translation>Mỗi sản phẩm được so với số tồn trên sổ kho tại lúc đếm. Hàng bán ra và trả lại sau đó vẫn được giữ: chúng vẫn làm thay đổi tồn kho sau khi duyệt.</translation>
    </message>
    <message>
        <source>Counted against what the stock ledger expects:</source>
        <translation type="vanished">Số đếm được so với số trên sổ kho:</translation>
    </message>
    <message>
        <source>Variance</source>
        <translation>Chênh lệch</translation>
    </message>
    <message>
        <source>Sold/returned since</source>
        <translation>Bán/trả từ lúc đếm</translation>
    </message>
    <message>
        <source>On hand after approval</source>
        <translation>Tồn sau khi duyệt</translation>
    </message>
    <message>
        <source>Back to counting</source>
        <translation>Quay lại đếm</translation>
    </message>
    <message>
        <source>Approve count</source>
        <translation>Duyệt kiểm kê</translation>
    </message>
    <message>
        <source>lot %1</source>
        <translation>lô %1</translation>
    </message>
    <message>
        <source>no lot</source>
        <translation>không theo lô</translation>
    </message>
    <message>
        <source>%1 products counted</source>
        <translation>Đã đếm %1 sản phẩm</translation>
    </message>
    <message>
        <source>Count started: scan the shelves.</source>
        <translation>Đã bắt đầu kiểm kê: hãy quét hàng trên kệ.</translation>
    </message>
    <message>
        <source>%1: weigh it and type the grams in the list.</source>
        <translation>%1: hãy cân và gõ số gam vào danh sách.</translation>
    </message>
    <message>
        <source>Which lot is this %1 from?</source>
        <translation>%1 này thuộc lô nào?</translation>
    </message>
    <message>
        <source>%1 products counted, %2 differ from the ledger.</source>
        <translation>Đã đếm %1 sản phẩm, %2 sản phẩm lệch so với sổ kho.</translation>
    </message>
    <message>
        <source>Count approved: %1 stock adjustments booked.</source>
        <translation>Đã duyệt kiểm kê: ghi %1 điều chỉnh tồn kho.</translation>
    </message>
    <message>
        <source>Last approved count</source>
        <translation>Đợt kiểm kê vừa duyệt</translation>
    </message>
    <message>
        <source>Count cancelled: nothing was changed.</source>
        <translation>Đã hủy kiểm kê: không có gì thay đổi.</translation>
    </message>
</context>
<context>
    <name>FairDialog</name>
    <message>
        <source>Fair without internet: USB stick</source>
        <translation>Hội chợ không có mạng: thẻ nhớ USB</translation>
    </message>
</context>
<context>
    <name>FairScreen</name>
    <message>
        <source>Fair without internet: USB stick</source>
        <translation>Hội chợ không có mạng: thẻ nhớ USB</translation>
    </message>
    <message>
        <source>Bring the centre&apos;s file for this kiosk on a USB stick and take it in: prices, products, staff and vouchers as a sync would bring them. Write the sales to the stick for the centre; read its acknowledgement back to mark them sent.</source>
        <translation>Mang tệp của trung tâm dành cho máy này trên thẻ nhớ USB và nhập vào: giá, sản phẩm, nhân viên và phiếu quà tặng như khi đồng bộ. Ghi doanh số ra thẻ nhớ cho trung tâm; đọc lại tệp xác nhận của trung tâm để đánh dấu đã gửi.</translation>
    </message>
    <message>
        <source>Folder or file</source>
        <translation>Thư mục hoặc tệp</translation>
    </message>
    <message>
        <source>Find files</source>
        <translation>Tìm tệp</translation>
    </message>
    <message>
        <source>Take in the chosen file</source>
        <translation>Nhập tệp đã chọn</translation>
    </message>
    <message>
        <source>Write sales to the stick</source>
        <translation>Ghi doanh số ra thẻ nhớ</translation>
    </message>
    <message>
        <source>Sales events still to carry to the centre: %1.</source>
        <translation>Sự kiện bán hàng còn phải mang về trung tâm: %1.</translation>
    </message>
    <message>
        <source>Last catalog from the centre taken in: %1.</source>
        <translation>Danh mục gần nhất nhận từ trung tâm: %1.</translation>
    </message>
    <message>
        <source>catalog from the centre</source>
        <translation>danh mục từ trung tâm</translation>
    </message>
    <message>
        <source>acknowledgement</source>
        <translation>xác nhận của trung tâm</translation>
    </message>
    <message>
        <source>No file from the centre in %1.</source>
        <translation>Không có tệp nào của trung tâm trong %1.</translation>
    </message>
    <message>
        <source>Find the files on the stick (F5) and choose one.</source>
        <translation>Tìm tệp trên thẻ nhớ (F5) rồi chọn một tệp.</translation>
    </message>
    <message>
        <source>The centre holds this kiosk&apos;s sales up to number %1: %2 more marked sent, %3 still to send.</source>
        <translation>Trung tâm đã nhận doanh số của máy này đến số %1: thêm %2 sự kiện được đánh dấu đã gửi, còn %3 chưa gửi.</translation>
    </message>
    <message>
        <source>This kiosk already holds everything in this file: nothing changed.</source>
        <translation>Máy này đã có mọi thứ trong tệp này: không có gì thay đổi.</translation>
    </message>
    <message>
        <source>Catalog taken in: %1 products, %2 price changes, %3 staff; %4 sales marked sent.</source>
        <translation>Đã nhập danh mục: %1 sản phẩm, %2 thay đổi giá, %3 nhân viên; %4 sự kiện bán hàng được đánh dấu đã gửi.</translation>
    </message>
    <message>
        <source>%1 unsent sales events written to %2. Bring the stick to the centre.</source>
        <translation>Đã ghi %1 sự kiện bán hàng chưa gửi vào %2. Hãy mang thẻ nhớ về trung tâm.</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>Không có gì bị thay đổi.</translation>
    </message>
    <message>
        <source>This kiosk does not know its centre&apos;s key yet: enroll it, or sync once online.</source>
        <translation>Máy này chưa có khóa của trung tâm: hãy đăng ký máy, hoặc đồng bộ một lần khi có mạng.</translation>
    </message>
    <message>
        <source>This is not a file from the centre, or it is damaged.</source>
        <translation>Đây không phải tệp của trung tâm, hoặc tệp đã bị hỏng.</translation>
    </message>
    <message>
        <source>Refused: the file was changed after the centre signed it, or another centre signed it.</source>
        <translation>Từ chối: tệp đã bị sửa sau khi trung tâm ký, hoặc do một trung tâm khác ký.</translation>
    </message>
    <message>
        <source>Refused: this file is for another kiosk (%1).</source>
        <translation>Từ chối: tệp này dành cho máy khác (%1).</translation>
    </message>
    <message>
        <source>Refused: this file starts after what this kiosk holds; ask the centre for the whole catalog for this kiosk.</source>
        <translation>Từ chối: tệp này bắt đầu sau dữ liệu máy đang có; hãy xin trung tâm tệp toàn bộ danh mục cho máy này.</translation>
    </message>
    <message>
        <source>This kiosk is not enrolled with a centre: it cannot sign its sales.</source>
        <translation>Máy này chưa đăng ký với trung tâm: không thể ký doanh số.</translation>
    </message>
    <message>
        <source>No such folder: %1. Is the stick plugged in?</source>
        <translation>Không có thư mục %1. Thẻ nhớ đã được cắm chưa?</translation>
    </message>
    <message>
        <source>The stick could not be read or written: %1</source>
        <translation>Không đọc hoặc ghi được thẻ nhớ: %1</translation>
    </message>
</context>
<context>
    <name>GiftSetScreen</name>
    <message>
        <source>Gift boxes made ahead</source>
        <translation>Hộp quà đóng sẵn</translation>
    </message>
    <message>
        <source>A box sold at the counter is taken from the boxes made ahead first; without them, its products are taken from stock one by one.</source>
        <translation>Hộp quà bán ở quầy lấy từ hộp đóng sẵn trước; hết hộp đóng sẵn thì trừ kho từng sản phẩm trong hộp.</translation>
    </message>
    <message>
        <source>Gift set</source>
        <translation>Hộp quà</translation>
    </message>
    <message>
        <source>Boxes in stock</source>
        <translation>Hộp đóng sẵn</translation>
    </message>
    <message>
        <source>One box holds</source>
        <translation>Mỗi hộp gồm</translation>
    </message>
    <message>
        <source>Can still make</source>
        <translation>Còn đóng được</translation>
    </message>
    <message>
        <source>Boxes</source>
        <translation>Số hộp</translation>
    </message>
    <message>
        <source>Make boxes</source>
        <translation>Đóng hộp</translation>
    </message>
    <message>
        <source>%1 boxes of %2 made.</source>
        <translation>Đã đóng %1 × %2.</translation>
    </message>
    <message>
        <source>Take apart</source>
        <translation>Tháo hộp</translation>
    </message>
    <message>
        <source>%1 boxes of %2 taken apart; their products are back in stock.</source>
        <translation>Đã tháo %1 × %2; các sản phẩm đã về lại kho.</translation>
    </message>
</context>
<context>
    <name>LabelDialog</name>
    <message>
        <source>Print labels</source>
        <translation>In nhãn</translation>
    </message>
    <message>
        <source>Barcode labels (48 × 30 mm)</source>
        <translation>Nhãn mã vạch (48 × 30 mm)</translation>
    </message>
    <message>
        <source>Shelf labels with price and OCOP stars (70 × 40 mm)</source>
        <translation>Nhãn kệ có giá và sao OCOP (70 × 40 mm)</translation>
    </message>
    <message>
        <source>Label printer</source>
        <translation>Máy in nhãn</translation>
    </message>
    <message>
        <source>A4 sheet (PDF)</source>
        <translation>Tờ A4 (PDF)</translation>
    </message>
    <message>
        <source>Scan or type a product to add it, then Enter</source>
        <translation>Quét hoặc gõ tên sản phẩm để thêm, rồi nhấn Enter</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Sản phẩm</translation>
    </message>
    <message>
        <source>Code on the label</source>
        <translation>Mã in trên nhãn</translation>
    </message>
    <message>
        <source>OCOP</source>
        <translation>OCOP</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>Tồn kho</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Số nhãn</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Đóng (Esc)</translation>
    </message>
    <message>
        <source>Open the PDF</source>
        <translation>Mở tệp PDF</translation>
    </message>
    <message>
        <source>Print (Enter)</source>
        <translation>In (Enter)</translation>
    </message>
    <message>
        <source>none: certificate expired</source>
        <translation>không có: chứng nhận đã hết hạn</translation>
    </message>
    <message>
        <source>%1 labels</source>
        <translation>%1 nhãn</translation>
    </message>
    <message>
        <source>Nothing to print: add a product and give it a number of labels.</source>
        <translation>Chưa có gì để in: hãy thêm sản phẩm và nhập số nhãn.</translation>
    </message>
    <message>
        <source>%1 labels sent to the label printer.</source>
        <translation>Đã gửi %1 nhãn tới máy in nhãn.</translation>
    </message>
    <message>
        <source>%1 labels saved as an A4 sheet: %2. Open it and print it on A4 paper.</source>
        <translation>Đã lưu %1 nhãn thành tờ A4: %2. Hãy mở tệp và in trên giấy A4.</translation>
    </message>
</context>
<context>
    <name>LotNotice</name>
    <message>
        <source>expired %1</source>
        <translation>đã hết hạn %1</translation>
    </message>
    <message>
        <source>use by today %1</source>
        <translation>hết hạn hôm nay %1</translation>
    </message>
    <message>
        <source>use by %1 (%2 days left)</source>
        <translation>hạn dùng %1 (còn %2 ngày)</translation>
    </message>
    <message>
        <source>%1, lot %2: %3, %4 in stock</source>
        <translation>%1, lô %2: %3, còn %4 trong kho</translation>
    </message>
    <message>
        <source>… and %1 more lots</source>
        <translation>… và %1 lô khác</translation>
    </message>
    <message>
        <source>Lots to sell first or take off the shelf (use-by within %1 days):</source>
        <translation>Lô cần bán trước hoặc đưa khỏi kệ (hết hạn trong vòng %1 ngày):</translation>
    </message>
    <message>
        <source>Recalled lots still in stock: take them off the shelf, they cannot be sold:</source>
        <translation>Lô bị thu hồi còn trong kho: hãy đưa khỏi kệ, không được bán:</translation>
    </message>
    <message>
        <source>%1, lot %2: %3 in stock (recalled: %4)</source>
        <translation>%1, lô %2: còn %3 (thu hồi: %4)</translation>
    </message>
</context>
<context>
    <name>ManagerGate</name>
    <message>
        <source>This screen is for managers.</source>
        <translation>Màn hình này dành cho quản lý.</translation>
    </message>
    <message>
        <source>Manager PIN</source>
        <translation>Mã PIN quản lý</translation>
    </message>
</context>
<context>
    <name>ManagerMenu</name>
    <message>
        <source>Receive delivery</source>
        <translation>Nhận hàng</translation>
    </message>
    <message>
        <source>Return to producer</source>
        <translation>Trả hàng nhà sản xuất</translation>
    </message>
    <message>
        <source>Transfers</source>
        <translation>Chuyển kho</translation>
    </message>
    <message>
        <source>Stock count</source>
        <translation>Kiểm kê kho</translation>
    </message>
    <message>
        <source>Stock on hand</source>
        <translation>Tồn kho</translation>
    </message>
    <message>
        <source>Staff and PINs</source>
        <translation>Nhân viên và PIN</translation>
    </message>
    <message>
        <source>Local products</source>
        <translation>Sản phẩm tại điểm bán</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Cài đặt</translation>
    </message>
    <message>
        <source>Gift boxes</source>
        <translation>Hộp quà</translation>
    </message>
</context>
<context>
    <name>OpenShiftDialog</name>
    <message>
        <source>Open the shift</source>
        <translation>Mở ca</translation>
    </message>
    <message>
        <source>No shift is open</source>
        <translation>Chưa mở ca</translation>
    </message>
    <message>
        <source>Count the cash in the drawer and type the opening float (0 if the drawer is empty). Sales are recorded in this shift.</source>
        <translation>Đếm tiền trong két và nhập tiền đầu ca (0 nếu két trống). Các giao dịch bán hàng sẽ được ghi vào ca này.</translation>
    </message>
    <message>
        <source>Open shift (Enter)</source>
        <translation>Mở ca (Enter)</translation>
    </message>
    <message>
        <source>Later (Esc)</source>
        <translation>Để sau (Esc)</translation>
    </message>
    <message>
        <source>Enter the opening float, e.g. 1.000.000 (0 if the drawer is empty).</source>
        <translation>Nhập tiền đầu ca, ví dụ 1.000.000 (0 nếu két trống).</translation>
    </message>
</context>
<context>
    <name>PriceNotice</name>
    <message>
        <source>%1 (%2 products) %3–%4%5</source>
        <translation>%1 (%2 sản phẩm) %3–%4%5</translation>
    </message>
    <message>
        <source>Prices change soon (received from the office; the till switches by itself, even offline): %1</source>
        <translation>Giá sắp đổi (nhận từ văn phòng; máy bán tự chuyển giá, kể cả khi mất mạng): %1</translation>
    </message>
</context>
<context>
    <name>ProducerLines</name>
    <message>
        <source>Clear</source>
        <translation>Xóa hết</translation>
    </message>
    <message>
        <source>(choose the producer)</source>
        <translation>(chọn nhà sản xuất)</translation>
    </message>
    <message>
        <source>%1 is made by %2, not by this producer.</source>
        <translation>%1 do %2 sản xuất, không phải nhà sản xuất này.</translation>
    </message>
    <message>
        <source>Remove this line</source>
        <translation>Bỏ dòng này</translation>
    </message>
</context>
<context>
    <name>ProductFinder</name>
    <message>
        <source>Scan a barcode, or type a SKU or name, then Enter</source>
        <translation>Quét mã vạch, hoặc gõ mã hàng hay tên rồi nhấn Enter</translation>
    </message>
    <message>
        <source>No product matches.</source>
        <translation>Không có sản phẩm nào khớp.</translation>
    </message>
</context>
<context>
    <name>ReceiveAnnounced</name>
    <message>
        <source>Announced delivery</source>
        <translation>Hàng đã báo giao</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Sản phẩm</translation>
    </message>
    <message>
        <source>Lot no.</source>
        <translation>Số lô</translation>
    </message>
    <message>
        <source>Announced</source>
        <translation>Đã báo</translation>
    </message>
    <message>
        <source>Scanned</source>
        <translation>Đã quét</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Chênh lệch</translation>
    </message>
    <message>
        <source>(none: a delivery nobody announced)</source>
        <translation>(không: hàng giao không báo trước)</translation>
    </message>
    <message>
        <source>%1 line(s)</source>
        <translation>%1 dòng</translation>
    </message>
    <message>
        <source>Announced %1 against what is scanned</source>
        <translation>Thông báo %1 so với hàng đã quét</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Đã nhận</translation>
    </message>
    <message>
        <source>not announced</source>
        <translation>không có trong thông báo</translation>
    </message>
    <message>
        <source>Everything announced was received.</source>
        <translation>Đã nhận đủ hàng như thông báo.</translation>
    </message>
    <message>
        <source>%1 (lot %2): announced %3, received %4</source>
        <translation>%1 (lô %2): báo %3, nhận %4</translation>
    </message>
    <message>
        <source>Differences from the announcement: %1</source>
        <translation>Chênh lệch so với thông báo: %1</translation>
    </message>
</context>
<context>
    <name>ReceiveScreen</name>
    <message>
        <source>Receive a delivery</source>
        <translation>Nhận hàng giao</translation>
    </message>
    <message>
        <source>e.g. PN-0123</source>
        <translation>ví dụ PN-0123</translation>
    </message>
    <message>
        <source>Producer</source>
        <translation>Nhà sản xuất</translation>
    </message>
    <message>
        <source>Delivery note no.</source>
        <translation>Số phiếu giao</translation>
    </message>
    <message>
        <source>Remarks</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Sản phẩm</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>Mã hàng</translation>
    </message>
    <message>
        <source>Lot no.</source>
        <translation>Số lô</translation>
    </message>
    <message>
        <source>Use by</source>
        <translation>Hạn sử dụng</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Số lượng</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Đơn vị</translation>
    </message>
    <message>
        <source>Book delivery</source>
        <translation>Ghi nhận hàng</translation>
    </message>
    <message>
        <source>The lines below belong to another producer: clear them first.</source>
        <translation>Các dòng bên dưới thuộc nhà sản xuất khác: hãy xóa trước.</translation>
    </message>
    <message>
        <source>on the package</source>
        <translation>in trên bao bì</translation>
    </message>
    <message>
        <source>dd/mm/yyyy</source>
        <translation>dd/mm/yyyy</translation>
    </message>
    <message>
        <source>Choose the producer.</source>
        <translation>Hãy chọn nhà sản xuất.</translation>
    </message>
    <message>
        <source>Scan or search the products that came.</source>
        <translation>Hãy quét hoặc tìm các sản phẩm được giao.</translation>
    </message>
    <message>
        <source>%1: use-by %2 is not a date (dd/mm/yyyy).</source>
        <translation>%1: hạn sử dụng %2 không phải ngày hợp lệ (dd/mm/yyyy).</translation>
    </message>
    <message>
        <source>Announced %1 against what was received</source>
        <translation>Thông báo %1 so với hàng đã nhận</translation>
    </message>
    <message>
        <source>Delivery booked. On hand now: %1</source>
        <translation>Đã ghi nhận hàng. Tồn kho hiện tại: %1</translation>
    </message>
</context>
<context>
    <name>ReportView</name>
    <message>
        <source>Item</source>
        <translation>Mục</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Số tiền</translation>
    </message>
    <message>
        <source>Shift number</source>
        <translation>Số ca</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Mở ca</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Đóng ca</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>Bán hàng</translation>
    </message>
    <message>
        <source>Discounts given</source>
        <translation>Giảm giá</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>Trả hàng</translation>
    </message>
    <message>
        <source>Voided receipts</source>
        <translation>Hóa đơn đã hủy</translation>
    </message>
    <message>
        <source>Net takings</source>
        <translation>Doanh thu thuần</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation type="vanished">Tiền mặt</translation>
    </message>
    <message>
        <source>VietQR</source>
        <translation type="vanished">VietQR</translation>
    </message>
    <message>
        <source>Card</source>
        <translation type="vanished">Thẻ</translation>
    </message>
    <message>
        <source>Paid by %1</source>
        <translation>Thanh toán bằng %1</translation>
    </message>
    <message>
        <source>VAT %1 %</source>
        <translation>VAT %1 %</translation>
    </message>
    <message>
        <source>Opening float</source>
        <translation>Tiền đầu ca</translation>
    </message>
    <message>
        <source>Cash in</source>
        <translation>Nộp tiền vào</translation>
    </message>
    <message>
        <source>Cash out</source>
        <translation>Rút tiền ra</translation>
    </message>
    <message>
        <source>Expected cash in drawer</source>
        <translation>Tiền mặt phải có trong két</translation>
    </message>
    <message>
        <source>Counted cash</source>
        <translation>Tiền mặt đếm được</translation>
    </message>
    <message>
        <source>Variance</source>
        <translation>Chênh lệch</translation>
    </message>
</context>
<context>
    <name>ReturnScreen</name>
    <message>
        <source>Return goods to the producer</source>
        <translation>Trả hàng cho nhà sản xuất</translation>
    </message>
    <message>
        <source>Near its use-by date</source>
        <translation>Cận hạn sử dụng</translation>
    </message>
    <message>
        <source>Past its use-by date</source>
        <translation>Quá hạn sử dụng</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>Hư hỏng</translation>
    </message>
    <message>
        <source>Not selling</source>
        <translation>Không bán được</translation>
    </message>
    <message>
        <source>Lot recalled</source>
        <translation>Lô bị thu hồi</translation>
    </message>
    <message>
        <source>Producer</source>
        <translation>Nhà sản xuất</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>Remarks</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Sản phẩm</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>Mã hàng</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>Lô</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Số lượng</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Đơn vị</translation>
    </message>
    <message>
        <source>Return and print the note</source>
        <translation>Trả hàng và in phiếu</translation>
    </message>
    <message>
        <source>Print a copy of the note</source>
        <translation>In thêm một bản phiếu</translation>
    </message>
    <message>
        <source>%1: lot %2 is not in stock here.</source>
        <translation>%1: lô %2 không có trong kho ở đây.</translation>
    </message>
    <message>
        <source>%1: nothing in stock to return.</source>
        <translation>%1: không còn hàng trong kho để trả.</translation>
    </message>
    <message>
        <source>lot %1</source>
        <translation>lô %1</translation>
    </message>
    <message>
        <source>use by %1</source>
        <translation>HSD %1</translation>
    </message>
    <message>
        <source>%1 on hand</source>
        <translation>còn %1</translation>
    </message>
    <message>
        <source>no lot · %1 on hand</source>
        <translation>không theo lô · còn %1</translation>
    </message>
    <message>
        <source>%1: only %2 in this lot.</source>
        <translation>%1: chỉ còn %2 trong lô này.</translation>
    </message>
    <message>
        <source>Choose the producer.</source>
        <translation>Hãy chọn nhà sản xuất.</translation>
    </message>
    <message>
        <source>Scan or search the products going back.</source>
        <translation>Hãy quét hoặc tìm các sản phẩm trả lại.</translation>
    </message>
    <message>
        <source>Say why the goods go back.</source>
        <translation>Hãy nhập lý do trả hàng.</translation>
    </message>
    <message>
        <source>Return %1 booked; its note is printing: both sides sign it.</source>
        <translation>Đã ghi phiếu trả hàng %1; phiếu đang in: hai bên cùng ký.</translation>
    </message>
    <message>
        <source>A copy of %1 is printing.</source>
        <translation>Đang in bản sao phiếu %1.</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <source>Settings</source>
        <translation>Cài đặt</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Undo changes</source>
        <translation>Hoàn tác</translation>
    </message>
    <message>
        <source>Kiosk</source>
        <translation>Điểm bán</translation>
    </message>
    <message>
        <source>Device code</source>
        <translation>Mã thiết bị</translation>
    </message>
    <message>
        <source>Store name</source>
        <translation>Tên cửa hàng</translation>
    </message>
    <message>
        <source>Location name</source>
        <translation>Tên địa điểm</translation>
    </message>
    <message>
        <source>Tourist site</source>
        <translation>Điểm du lịch</translation>
    </message>
    <message>
        <source>Supermarket</source>
        <translation>Siêu thị</translation>
    </message>
    <message>
        <source>Hanoi booth</source>
        <translation>Gian hàng Hà Nội</translation>
    </message>
    <message>
        <source>Fair</source>
        <translation>Hội chợ</translation>
    </message>
    <message>
        <source>Kind of location</source>
        <translation>Loại địa điểm</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Hóa đơn</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>Đầu hóa đơn</translation>
    </message>
    <message>
        <source>Footer</source>
        <translation>Cuối hóa đơn</translation>
    </message>
    <message>
        <source>Tax code</source>
        <translation>Mã số thuế</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Địa chỉ</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Điện thoại</translation>
    </message>
    <message>
        <source>Bank for VietQR</source>
        <translation>Ngân hàng cho VietQR</translation>
    </message>
    <message>
        <source>(no VietQR)</source>
        <translation>(không dùng VietQR)</translation>
    </message>
    <message>
        <source>Bank</source>
        <translation>Ngân hàng</translation>
    </message>
    <message>
        <source>Bank name or BIN</source>
        <translation>Tên ngân hàng hoặc BIN</translation>
    </message>
    <message>
        <source>Name, short name or BIN (no tones needed)</source>
        <translation>Tên, tên viết tắt hoặc mã BIN (không cần dấu)</translation>
    </message>
    <message>
        <source>Find bank</source>
        <translation>Tìm ngân hàng</translation>
    </message>
    <message>
        <source>Account number</source>
        <translation>Số tài khoản</translation>
    </message>
    <message>
        <source>Account name</source>
        <translation>Tên tài khoản</translation>
    </message>
    <message>
        <source>No bank matches “%1”.</source>
        <translation>Không có ngân hàng nào khớp với “%1”.</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>Máy in hóa đơn</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Không có</translation>
    </message>
    <message>
        <source>Network (host:port)</source>
        <translation>Mạng (máy:cổng)</translation>
    </message>
    <message>
        <source>Serial port</source>
        <translation>Cổng nối tiếp</translation>
    </message>
    <message>
        <source>USB</source>
        <translation>USB</translation>
    </message>
    <message>
        <source>File / device file</source>
        <translation>Tệp / tệp thiết bị</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Kết nối</translation>
    </message>
    <message>
        <source>Host:port</source>
        <translation>Máy:cổng</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>Tốc độ baud</translation>
    </message>
    <message>
        <source>USB vendor:product</source>
        <translation>USB hãng:sản phẩm</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Tệp</translation>
    </message>
    <message>
        <source>Paper width</source>
        <translation>Khổ giấy</translation>
    </message>
    <message>
        <source>%1 dots (58 mm)</source>
        <translation>%1 điểm (58 mm)</translation>
    </message>
    <message>
        <source>%1 dots (72 mm)</source>
        <translation>%1 điểm (72 mm)</translation>
    </message>
    <message>
        <source>%1 dots (80 mm)</source>
        <translation>%1 điểm (80 mm)</translation>
    </message>
    <message>
        <source>Scanner and customer display</source>
        <translation>Máy quét và màn hình khách</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>Máy quét</translation>
    </message>
    <message>
        <source>Keyboard (USB)</source>
        <translation>Bàn phím (USB)</translation>
    </message>
    <message>
        <source>Scanner port</source>
        <translation>Cổng máy quét</translation>
    </message>
    <message>
        <source>Scanner baud rate</source>
        <translation>Tốc độ baud máy quét</translation>
    </message>
    <message>
        <source>Scanner prefix</source>
        <translation>Tiền tố máy quét</translation>
    </message>
    <message>
        <source>none (e.g. §)</source>
        <translation>không có (vd. §)</translation>
    </message>
    <message>
        <source>Scanner suffix</source>
        <translation>Hậu tố máy quét</translation>
    </message>
    <message>
        <source>none</source>
        <translation>không có</translation>
    </message>
    <message>
        <source>Scanner pace (ms between keys)</source>
        <translation>Nhịp quét (ms/phím)</translation>
    </message>
    <message>
        <source>Customer display</source>
        <translation>Màn hình khách</translation>
    </message>
    <message>
        <source>Display port</source>
        <translation>Cổng màn hình khách</translation>
    </message>
    <message>
        <source>Display baud rate</source>
        <translation>Tốc độ baud màn hình khách</translation>
    </message>
    <message>
        <source>Customer screen</source>
        <translation>Màn hình khách hàng</translation>
    </message>
    <message>
        <source>Central server</source>
        <translation>Máy chủ trung tâm</translation>
    </message>
    <message>
        <source>Server URL</source>
        <translation>Địa chỉ máy chủ</translation>
    </message>
    <message>
        <source>E-invoices</source>
        <translation>Hóa đơn điện tử</translation>
    </message>
    <message>
        <source>Fair without internet: USB stick</source>
        <translation>Hội chợ không có mạng: thẻ nhớ USB</translation>
    </message>
    <message>
        <source>Issued with every sale at this kiosk (%1 sellers)</source>
        <translation>Lập cùng mỗi lần bán tại máy này (%1 người bán)</translation>
    </message>
    <message>
        <source>Not issued: switched off at the office</source>
        <translation>Không lập: văn phòng đã tắt</translation>
    </message>
    <message>
        <source>Not issued: the office has not set up the booth operator</source>
        <translation>Không lập: văn phòng chưa cài đặt đơn vị vận hành gian hàng</translation>
    </message>
    <message>
        <source>Not issued: no setup received from the office yet</source>
        <translation>Không lập: chưa nhận được cài đặt từ văn phòng</translation>
    </message>
    <message>
        <source>None (the pole display, if any)</source>
        <translation>Không dùng (màn hình cột, nếu có)</translation>
    </message>
    <message>
        <source>%1 — the kiosk&apos;s own screen</source>
        <translation>%1 — màn hình của máy bán hàng</translation>
    </message>
    <message>
        <source>%1 (not connected)</source>
        <translation>%1 (chưa kết nối)</translation>
    </message>
    <message>
        <source>2 to 12 capital letters or digits, e.g. HN01.</source>
        <translation>Từ 2 đến 12 chữ in hoa hoặc chữ số, ví dụ HN01.</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>Bắt buộc.</translation>
    </message>
    <message>
        <source>A tax code has 10 digits (or 10-3 for a branch).</source>
        <translation>Mã số thuế gồm 10 chữ số (chi nhánh: 10-3).</translation>
    </message>
    <message>
        <source>This is the kiosk&apos;s own screen: the customer window would cover the sell screen. Choose the customer&apos;s monitor, or None.</source>
        <translation>Đây là màn hình của máy bán hàng: cửa sổ khách hàng sẽ che màn hình bán hàng. Hãy chọn màn hình quay về phía khách, hoặc Không dùng.</translation>
    </message>
    <message>
        <source>Required for VietQR.</source>
        <translation>Bắt buộc khi dùng VietQR.</translation>
    </message>
    <message>
        <source>Letters and digits only, at most 19.</source>
        <translation>Chỉ chữ và số, tối đa 19 ký tự.</translation>
    </message>
    <message>
        <source>Choose the bank of this account.</source>
        <translation>Hãy chọn ngân hàng của tài khoản này.</translation>
    </message>
    <message>
        <source>Write the printer&apos;s address as host:port, e.g. 192.168.1.50:9100.</source>
        <translation>Ghi địa chỉ máy in dạng máy:cổng, ví dụ 192.168.1.50:9100.</translation>
    </message>
    <message>
        <source>A serial port such as /dev/ttyUSB0 or COM3.</source>
        <translation>Một cổng nối tiếp như /dev/ttyUSB0 hoặc COM3.</translation>
    </message>
    <message>
        <source>Vendor and product id in hex, e.g. 0416:5011.</source>
        <translation>Mã hãng và mã sản phẩm dạng hex, ví dụ 0416:5011.</translation>
    </message>
    <message>
        <source>The scanner already uses this port.</source>
        <translation>Máy quét đang dùng cổng này.</translation>
    </message>
    <message>
        <source>A web address starting with http:// or https://.</source>
        <translation>Một địa chỉ web bắt đầu bằng http:// hoặc https://.</translation>
    </message>
    <message>
        <source>At most %1 signs, no spaces.</source>
        <translation>Tối đa %1 ký tự, không có dấu cách.</translation>
    </message>
    <message>
        <source>Start with a sign that is in no barcode, e.g. § or ~.</source>
        <translation>Bắt đầu bằng một ký hiệu không có trong mã vạch, vd. § hoặc ~.</translation>
    </message>
    <message>
        <source>A whole number from %1 to %2.</source>
        <translation>Một số nguyên từ %1 đến %2.</translation>
    </message>
    <message>
        <source>Nothing was saved: correct the fields marked in red.</source>
        <translation>Chưa lưu gì: hãy sửa các ô báo đỏ.</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Đã lưu cài đặt.</translation>
    </message>
    <message>
        <source>Nothing was saved: %1</source>
        <translation>Chưa lưu gì: %1</translation>
    </message>
</context>
<context>
    <name>ShiftScreen</name>
    <message>
        <source>Shift</source>
        <translation>Ca làm việc</translation>
    </message>
    <message>
        <source>No shift is open. Count the opening float in the drawer:</source>
        <translation>Chưa mở ca. Hãy đếm tiền đầu ca trong két:</translation>
    </message>
    <message>
        <source>Open shift</source>
        <translation>Mở ca</translation>
    </message>
    <message>
        <source>Cash in / out of the drawer</source>
        <translation>Nộp / rút tiền mặt khỏi két</translation>
    </message>
    <message>
        <source>Reason, e.g. change from the bank</source>
        <translation>Lý do, ví dụ: đổi tiền lẻ ngân hàng</translation>
    </message>
    <message>
        <source>Cash in</source>
        <translation>Nộp tiền vào</translation>
    </message>
    <message>
        <source>Cash out</source>
        <translation>Rút tiền ra</translation>
    </message>
    <message>
        <source>X report</source>
        <translation>Báo cáo X</translation>
    </message>
    <message>
        <source>Close shift</source>
        <translation>Đóng ca</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Dự kiến</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>Đã đếm</translation>
    </message>
    <message>
        <source>Variance</source>
        <translation>Chênh lệch</translation>
    </message>
    <message>
        <source>Confirm close</source>
        <translation>Xác nhận đóng ca</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <source>Print again</source>
        <translation>In lại</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Xong</translation>
    </message>
    <message>
        <source>No open shift</source>
        <translation>Chưa mở ca</translation>
    </message>
    <message>
        <source>Shift %1 open since %2</source>
        <translation>Ca %1 mở từ %2</translation>
    </message>
    <message>
        <source>Current shift (X report)</source>
        <translation>Ca hiện tại (báo cáo X)</translation>
    </message>
    <message>
        <source>Enter the opening float, e.g. 1.000.000 (0 if the drawer is empty).</source>
        <translation>Nhập tiền đầu ca, ví dụ 1.000.000 (0 nếu két trống).</translation>
    </message>
    <message>
        <source>Shift opened with a float of %1.</source>
        <translation>Đã mở ca với tiền đầu ca %1.</translation>
    </message>
    <message>
        <source>Enter an amount above 0.</source>
        <translation>Nhập số tiền lớn hơn 0.</translation>
    </message>
    <message>
        <source>Say why the cash moves.</source>
        <translation>Hãy ghi lý do.</translation>
    </message>
    <message>
        <source>A manager must approve taking cash out.</source>
        <translation>Rút tiền ra cần quản lý duyệt.</translation>
    </message>
    <message>
        <source>Cash in: %1</source>
        <translation>Đã nộp vào: %1</translation>
    </message>
    <message>
        <source>Cash out: %1</source>
        <translation>Đã rút ra: %1</translation>
    </message>
    <message>
        <source>X report sent to the printer.</source>
        <translation>Đã gửi báo cáo X tới máy in.</translation>
    </message>
    <message>
        <source>X report up to date (no printer configured).</source>
        <translation>Báo cáo X đã cập nhật (chưa cài máy in).</translation>
    </message>
    <message>
        <source>More than %1 either way: a manager must approve the close.</source>
        <translation>Chênh lệch quá %1: quản lý phải duyệt việc đóng ca.</translation>
    </message>
    <message>
        <source>Cash variance</source>
        <translation>Chênh lệch tiền mặt</translation>
    </message>
    <message>
        <source>Cash variance %1 (counted %2, expected %3). Confirm closing the shift?</source>
        <translation>Chênh lệch tiền mặt %1 (đã đếm %2, dự kiến %3). Xác nhận đóng ca?</translation>
    </message>
    <message>
        <source>Confirm (Enter)</source>
        <translation>Xác nhận (Enter)</translation>
    </message>
    <message>
        <source>Count again (Esc)</source>
        <translation>Đếm lại (Esc)</translation>
    </message>
    <message>
        <source>A manager must approve closing with a variance.</source>
        <translation>Đóng ca có chênh lệch cần quản lý duyệt.</translation>
    </message>
    <message>
        <source>Shift closed (Z report)</source>
        <translation>Đã đóng ca (báo cáo Z)</translation>
    </message>
    <message>
        <source>Shift closed. Z report sent to the printer.</source>
        <translation>Đã đóng ca. Đã gửi báo cáo Z tới máy in.</translation>
    </message>
    <message>
        <source>Shift closed.</source>
        <translation>Đã đóng ca.</translation>
    </message>
    <message>
        <source>Shift %1 closed</source>
        <translation>Ca %1 đã đóng</translation>
    </message>
    <message>
        <source>Z report sent to the printer again.</source>
        <translation>Đã gửi lại báo cáo Z tới máy in.</translation>
    </message>
</context>
<context>
    <name>StaffScreen</name>
    <message>
        <source>Staff &amp; PINs</source>
        <translation>Nhân viên &amp; PIN</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Mã</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Họ tên</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Selected person</source>
        <translation>Người đang chọn</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>PIN mới</translation>
    </message>
    <message>
        <source>New PIN again</source>
        <translation>Nhập lại PIN mới</translation>
    </message>
    <message>
        <source>Reset PIN</source>
        <translation>Đặt lại PIN</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>Ngừng hoạt động</translation>
    </message>
    <message>
        <source>Press again to deactivate</source>
        <translation>Nhấn lần nữa để ngừng hoạt động</translation>
    </message>
    <message>
        <source>New staff member</source>
        <translation>Nhân viên mới</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>Thu ngân</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Quản lý</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>Quản trị</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>PIN (4-8 digits)</source>
        <translation>PIN (4-8 chữ số)</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>Nhập lại PIN</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Tạo</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Đang làm</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>Đã nghỉ</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Bị khóa</translation>
    </message>
    <message>
        <source>Code and full name are required.</source>
        <translation>Cần nhập mã và họ tên.</translation>
    </message>
    <message>
        <source>The PIN must be 4 to 8 digits.</source>
        <translation>PIN phải gồm 4 đến 8 chữ số.</translation>
    </message>
    <message>
        <source>The two PINs differ.</source>
        <translation>Hai lần nhập PIN không khớp.</translation>
    </message>
    <message>
        <source>Only an admin can create an admin.</source>
        <translation>Chỉ quản trị mới tạo được quản trị.</translation>
    </message>
    <message>
        <source>%1 can now log in.</source>
        <translation>%1 đã có thể đăng nhập.</translation>
    </message>
    <message>
        <source>New PIN set for %1.</source>
        <translation>Đã đặt PIN mới cho %1.</translation>
    </message>
    <message>
        <source>%1 can no longer log in.</source>
        <translation>%1 không còn đăng nhập được.</translation>
    </message>
</context>
<context>
    <name>StockScreen</name>
    <message>
        <source>Stock on hand</source>
        <translation>Tồn kho</translation>
    </message>
    <message>
        <source>Filter: name, SKU, producer</source>
        <translation>Lọc: tên, SKU, nhà sản xuất</translation>
    </message>
    <message>
        <source>Filter by name, SKU or producer (no tones needed)</source>
        <translation>Lọc theo tên, mã hàng hoặc nhà sản xuất (không cần dấu)</translation>
    </message>
    <message>
        <source>Warnings only</source>
        <translation>Chỉ cảnh báo</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Làm mới</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Số nhãn</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Sản phẩm</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>Mã hàng</translation>
    </message>
    <message>
        <source>Producer</source>
        <translation>Nhà sản xuất</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>Tồn kho</translation>
    </message>
    <message>
        <source>Low at</source>
        <translation>Mức tối thiểu</translation>
    </message>
    <message>
        <source>OCOP</source>
        <translation>OCOP</translation>
    </message>
    <message>
        <source>Certificate expires</source>
        <translation>Chứng nhận hết hạn</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Cảnh báo</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Thời điểm</translation>
    </message>
    <message>
        <source>Movement</source>
        <translation>Biến động</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Số lượng</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Tồn sau</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Nhân viên</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>Certificate expired %1 days ago</source>
        <translation>Chứng nhận đã hết hạn %1 ngày</translation>
    </message>
    <message>
        <source>Certificate expires in %1 days</source>
        <translation>Chứng nhận hết hạn sau %1 ngày</translation>
    </message>
    <message>
        <source>Low stock</source>
        <translation>Sắp hết hàng</translation>
    </message>
    <message>
        <source>The first %1 matches are shown: type more to narrow.</source>
        <translation>Đang hiện %1 kết quả đầu tiên: gõ thêm để thu hẹp.</translation>
    </message>
    <message>
        <source>%1 products match.</source>
        <translation>%1 sản phẩm khớp.</translation>
    </message>
    <message>
        <source>%1 rows loaded, warnings first: scroll down for more, or type a filter.</source>
        <translation>Đã tải %1 dòng, cảnh báo lên trước: cuộn xuống để xem thêm, hoặc gõ bộ lọc.</translation>
    </message>
    <message>
        <source>All %1 rows shown.</source>
        <translation>Đã hiện đủ %1 dòng.</translation>
    </message>
    <message>
        <source>no lot</source>
        <translation>không theo lô</translation>
    </message>
    <message>
        <source>Reason (required), e.g. broken jar</source>
        <translation>Lý do (bắt buộc), ví dụ: vỡ hũ</translation>
    </message>
    <message>
        <source>Gift boxes made or taken apart</source>
        <translation>Đóng/tháo hộp quà</translation>
    </message>
    <message>
        <source>lot %1 · %2 on hand</source>
        <translation>lô %1 · còn %2</translation>
    </message>
    <message>
        <source>%1 products · %2 low on stock · %3 certificates expired · %4 expire within %5 days</source>
        <translation>%1 sản phẩm · %2 sắp hết hàng · %3 chứng nhận đã hết hạn · %4 hết hạn trong %5 ngày</translation>
    </message>
    <message>
        <source>Book a movement for the selected product</source>
        <translation>Ghi biến động kho cho sản phẩm đang chọn</translation>
    </message>
    <message>
        <source>Book movement</source>
        <translation>Ghi biến động</translation>
    </message>
    <message>
        <source>Say why the stock moves.</source>
        <translation>Hãy ghi lý do.</translation>
    </message>
    <message>
        <source>%1: %2 booked.</source>
        <translation>%1: đã ghi %2.</translation>
    </message>
    <message>
        <source>delivery note %1</source>
        <translation>phiếu giao %1</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Nhập hàng</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>Bán</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Trả hàng</translation>
    </message>
    <message>
        <source>Sale voided</source>
        <translation>Hủy hóa đơn</translation>
    </message>
    <message>
        <source>Count adjustment</source>
        <translation>Điều chỉnh kiểm kê</translation>
    </message>
    <message>
        <source>Transferred out</source>
        <translation>Chuyển đi</translation>
    </message>
    <message>
        <source>Transferred in</source>
        <translation>Chuyển đến</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>Hư hỏng</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Hết hạn</translation>
    </message>
    <message>
        <source>Returned to producer</source>
        <translation>Trả nhà sản xuất</translation>
    </message>
    <message>
        <source>Movements of %1 (newest first)</source>
        <translation>Biến động kho của %1 (mới nhất trước)</translation>
    </message>
</context>
<context>
    <name>TransferScreen</name>
    <message>
        <source>Transfer stock to or from another point of sale</source>
        <translation>Chuyển kho đến hoặc nhận từ điểm bán khác</translation>
    </message>
    <message>
        <source>e.g. BL-SITE</source>
        <translation>ví dụ BL-SITE</translation>
    </message>
    <message>
        <source>Send to</source>
        <translation>Chuyển đến</translation>
    </message>
    <message>
        <source>Restock the other point of sale</source>
        <translation>Bổ sung hàng cho điểm bán khác</translation>
    </message>
    <message>
        <source>Selling slowly here</source>
        <translation>Bán chậm ở đây</translation>
    </message>
    <message>
        <source>Send and print the note</source>
        <translation>Chuyển và in phiếu</translation>
    </message>
    <message>
        <source>Past transfers</source>
        <translation>Phiếu chuyển kho đã lập</translation>
    </message>
    <message>
        <source>Reprint the note</source>
        <translation>In lại phiếu</translation>
    </message>
    <message>
        <source>Scan what goes, or the QR of a transfer note that came</source>
        <translation>Quét hàng chuyển đi, hoặc mã QR của phiếu chuyển kho vừa đến</translation>
    </message>
    <message>
        <source>(choose a transfer to reprint its note)</source>
        <translation>(chọn phiếu chuyển kho để in lại)</translation>
    </message>
    <message>
        <source>sent to %1</source>
        <translation>chuyển đến %1</translation>
    </message>
    <message>
        <source>received from %1</source>
        <translation>nhận từ %1</translation>
    </message>
    <message>
        <source>%1 lines</source>
        <translation>%1 dòng hàng</translation>
    </message>
    <message>
        <source>Choose the transfer whose note to print again.</source>
        <translation>Chọn phiếu chuyển kho cần in lại.</translation>
    </message>
    <message>
        <source>A copy of the note of %1 is printing.</source>
        <translation>Đang in bản sao phiếu %1.</translation>
    </message>
    <message>
        <source>Transfer %1 taken in: %2 lines booked into stock.</source>
        <translation>Đã nhận phiếu chuyển kho %1: %2 dòng hàng đã vào kho.</translation>
    </message>
    <message>
        <source>Say where the goods go.</source>
        <translation>Hãy nhập nơi nhận hàng.</translation>
    </message>
    <message>
        <source>Scan or search the products that go.</source>
        <translation>Hãy quét hoặc tìm các sản phẩm chuyển đi.</translation>
    </message>
    <message>
        <source>Transfer %1 booked; its note is printing: the goods travel with it.</source>
        <translation>Đã ghi phiếu chuyển kho %1; phiếu đang in: gửi kèm theo hàng.</translation>
    </message>
</context>
<context>
    <name>VatNotice</name>
    <message>
        <source>VAT rates change soon (received from the office; the till switches by itself at midnight, even offline): %1</source>
        <translation>Thuế suất GTGT sắp đổi (đã nhận từ văn phòng; máy tự chuyển lúc 0 giờ, kể cả khi mất mạng): %1</translation>
    </message>
</context>
</TS>
